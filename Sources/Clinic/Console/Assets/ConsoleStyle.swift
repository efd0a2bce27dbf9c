/// The console's one stylesheet: small, readable on a 360 px phone and a front-desk PC, printable, with a visible
/// focus ring. The font stack covers Tibetan and Chinese on the machines a clinic has (README, Languages and fonts).
enum ConsoleStyle {
    /// The shared stacks (FontStacks.swift): Latin first, and Tibetan first for `lang="bo"`. Tibetan script reads
    /// small beside Latin at one size, so a Tibetan page is set larger (once, at the root: `:lang()` matches every
    /// descendant, so a relative size there would compound at each level).
    static let fontStack = FontStacks.text
    static let tibetanStack = FontStacks.tibetan

    static let css = """
        *,*::before,*::after{box-sizing:border-box}
        html{-webkit-text-size-adjust:100%}
        body{margin:0;font-family:\(fontStack);font-size:16px;line-height:1.5;color:#1b1b1b;background:#f6f7f5}
        :lang(bo){font-family:\(tibetanStack);line-height:1.7}
        :lang(zh),:lang(en){font-family:\(fontStack);line-height:1.5}
        html[lang=bo] body{font-size:19px}
        :lang(zh) [lang=bo],:lang(en) [lang=bo]{font-size:1.15em}
        a{color:#0b57a4}
        a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,\
        summary:focus-visible,main:focus-visible{outline:3px solid #e08a00;outline-offset:2px}
        .skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5em}
        .skip:focus{left:.5em;z-index:10}
        header.top{display:flex;flex-wrap:wrap;align-items:center;gap:.5em 1em;padding:.5em 1em;background:#17406d;color:#fff}
        header.top a{color:#fff}
        .brand{font-weight:700;text-decoration:none;font-size:1.1em}
        .menu{display:flex;flex-wrap:wrap;gap:.25em .9em;list-style:none;margin:0;padding:0}
        .menu a{text-decoration:none;padding:.2em 0;display:inline-block}
        .menu a[aria-current=page]{border-bottom:3px solid #ffd27a}
        .tools{margin-left:auto;display:flex;flex-wrap:wrap;gap:.5em 1em;align-items:center}
        .languages a{margin-right:.4em}
        .languages a[aria-current]{font-weight:700;text-decoration:none}
        .signout{display:flex;gap:.5em;align-items:center;margin:0}
        .clinic-picker{display:flex;flex-wrap:wrap;gap:.3em .5em;align-items:center;margin:0;max-width:100%}
        .clinic-picker select{width:auto;min-width:0;max-width:min(14rem,100%);padding:.2em .3em}
        main{max-width:72rem;margin:0 auto;padding:1em}
        h1{font-size:1.5em;margin:.3em 0 .6em}
        h2{font-size:1.2em;margin:1.2em 0 .5em}
        .field{margin:0 0 .9em}
        .field label{display:block;font-weight:600;margin-bottom:.2em}
        .req{color:#a40000}
        input,select,textarea,button{font:inherit}
        input,select,textarea{width:100%;max-width:32rem;padding:.45em .5em;border:1px solid #6b6b6b;border-radius:4px;background:#fff}
        input[type=checkbox],input[type=radio]{width:auto}
        .invalid input,.invalid select,.invalid textarea{border:2px solid #a40000}
        .hint{margin:0 0 .2em;color:#4a4a4a;font-size:.92em}
        .error{margin:.2em 0 0;color:#a40000;font-weight:600}
        .alert{padding:.6em 1em;border-radius:4px;margin:0 0 1em}
        .alert.error{background:#fde8e8;border:1px solid #a40000}
        .alert.ok{background:#e6f4ea;border:1px solid #1e7b34}
        button,.button{display:inline-block;padding:.45em 1em;border:1px solid #17406d;border-radius:4px;background:#17406d;color:#fff;\
        cursor:pointer;text-decoration:none;min-height:44px}
        button.secondary,.button.secondary{background:#fff;color:#17406d}
        button.danger{background:#a40000;border-color:#a40000}
        .actions{display:flex;flex-wrap:wrap;gap:.5em;align-items:center;margin:.5em 0}
        .actions form{margin:0;display:flex;flex-wrap:wrap;gap:.5em;align-items:center}
        table{border-collapse:collapse;width:100%;background:#fff}
        th,td{text-align:left;padding:.45em .5em;border-bottom:1px solid #d6d6d6;vertical-align:top}
        th{background:#e9edf2}
        .table-wrap{overflow-x:auto}
        .card{background:#fff;border:1px solid #d6d6d6;border-radius:6px;padding:.8em 1em;margin:0 0 1em}
        .muted{color:#555}
        .other-names{color:#444;font-size:.9em}
        .badge{display:inline-block;padding:0 .45em;border-radius:3px;background:#e9edf2;font-size:.85em}
        .badge.priority{background:#fff1c2;border:1px solid #b58100}
        .row{display:flex;flex-wrap:wrap;gap:0 1em}
        .row>.field{flex:1 1 12rem}
        fieldset{border:1px solid #c8c8c8;border-radius:4px;margin:0 0 1em;padding:.5em 1em}
        .check{display:inline-flex;gap:.35em;align-items:center;margin:0 1em .3em 0;font-weight:400}
        .checks{display:flex;flex-wrap:wrap}
        [hidden]{display:none!important}
        .visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
        .admin-index{list-style:none;padding:0}
        form.swap{display:flex;flex-wrap:wrap;gap:.3em;align-items:center;margin:0}
        form.swap select{width:auto}
        @media (max-width:40rem){main{padding:.6em}header.top{padding:.5em .6em}.tools{margin-left:0}
        th,td{padding:.35em .3em}}
        .day-nav{display:flex;flex-wrap:wrap;gap:.5em 1em;align-items:flex-end}.day-nav .field{margin:0}
        tbody th{background:none;font-weight:400}.sessions{margin:0;padding-left:1.2em}.lead{font-weight:600}
        .cancel-box summary{cursor:pointer;min-height:44px;padding:.45em 0}.choice{margin:.3em 0}
        #slots tbody{border-top:3px solid #17406d}
        #slots form{display:flex;flex-wrap:wrap;gap:.3em .5em;align-items:center;margin:0}
        #slots form label{font-size:.85em}
        #slots form input,#slots form select{width:auto;max-width:11rem;padding:.25em .35em}
        .seats strong{font-size:1.1em}
        caption{text-align:left;font-weight:600;padding:.3em 0}
        legend{font-weight:600}
        .check{display:inline-flex;align-items:center;gap:.35em;margin:0 1.2em .2em 0;min-height:44px}
        .checks.invalid{border:2px solid #a40000}
        h3{font-size:1.05em;margin:1em 0 .4em}
        .table-wrap{padding-bottom:.4em}
        @media print{header.top,.skip,.actions,form.no-print,nav{display:none}body{background:#fff}main{max-width:none;padding:0}}
        .prewrap{white-space:pre-wrap}
        .row>.channel{flex:1 1 12rem}.card>h2:first-child{margin-top:0}.card h3{font-size:1em;margin:.8em 0 .2em}
        .facts{display:grid;grid-template-columns:max-content 1fr;gap:.3em 1em}.facts dt{font-weight:600}.facts dd{margin:0}
        label.choice{display:inline-block;margin:0 1em .3em 0;min-height:44px;padding:.5em 0}
        fieldset.invalid{border:2px solid #a40000}
        .alert.warn{background:#fff7e0;border:1px solid #b58100}.nowrap{white-space:nowrap}
        .table-wrap{position:relative}
        table.report td.num,table.report th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        table.report tbody th{min-width:11rem}table.report thead th.num{white-space:normal;min-width:6rem}
        .status{display:block;font-weight:400;font-size:.85em}
        #month-form{display:flex;flex-wrap:wrap;gap:.5em;align-items:center}#month-form input{width:auto}
        .round{list-style:none;padding:0;margin:0}.visit-card{border-bottom:1px solid #c8ccd2;padding:.6em 0}
        .visit-card p{margin:.2em 0}.visit-card details summary{cursor:pointer;min-height:44px;padding:.45em 0}
        .outcomes{display:flex;flex-wrap:wrap;gap:.4em;margin-top:.3em}.outcomes button{flex:1 1 45%;min-height:48px;margin:0}
        .outcomes button.movedAway,.outcomes button.deceased{background:#fff;color:#17406d;border:2px solid #17406d}
        form.close-request{display:flex;flex-wrap:wrap;gap:.3em;align-items:center;margin:.3em 0 0}
        form.close-request input{width:auto;max-width:14rem}
        """
}
