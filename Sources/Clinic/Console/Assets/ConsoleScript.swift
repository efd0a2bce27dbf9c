/// The console's one script. Pages work without it; it only makes them nicer: it asks before a form marked
/// `data-confirm` is sent.
enum ConsoleScript {
    static let js = """
        "use strict";
        document.addEventListener("submit", function (event) {
          var form = event.target;
          var question = form.getAttribute("data-confirm");
          if (question && !window.confirm(question)) { event.preventDefault(); }
        });
        """
}
