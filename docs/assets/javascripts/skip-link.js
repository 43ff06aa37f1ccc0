/* "Skip to content" moves the keyboard focus to the content, not only the
   view. Material's skip link points at the page's first heading, which is
   not focusable, so after following it the focus stayed on the body and the
   next Tab started again at the top. The target is made focusable by script
   (tabindex="-1": focusable, but not a tab stop) and focused. */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.md-skip");
    if (!link) return;
    var id = decodeURIComponent((link.getAttribute("href") || "").split("#")[1] || "");
    var target = id && document.getElementById(id);
    if (!target) return;
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.classList.add("skip-target");
    // After the browser has followed the link, so the view and focus agree.
    window.setTimeout(function () { target.focus(); }, 0);
  });
})();
