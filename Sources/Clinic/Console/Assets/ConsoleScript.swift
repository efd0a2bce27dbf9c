/// The console's one script. Pages work without it; it only makes them nicer: it asks before a form, or the
/// button that sends it, marked `data-confirm` is sent.
enum ConsoleScript {
    static let js = """
        "use strict";
        document.addEventListener("submit", function (event) {
          var button = event.submitter;
          var question = (button && button.getAttribute("data-confirm")) || event.target.getAttribute("data-confirm");
          if (question && !window.confirm(question)) { event.preventDefault(); }
        });
        """
}
