/* The timeline's filters sit in a <details> that folds them away on narrow screens. On wide ones
   they are always shown: the stylesheet shows them at once (::details-content), and this opens
   the disclosure, so that its state says what the reader sees (to assistive technology too).
   Back on a narrow screen, a disclosure opened here folds again. */
(function () {
  "use strict";

  var details = document.getElementById("filters-disclosure");
  if (!details || !window.matchMedia) {
    return;
  }
  var wide = window.matchMedia("(min-width: 56rem)");
  var openedHere = false;
  function follow() {
    if (wide.matches && !details.open) {
      details.open = true;
      openedHere = true;
    } else if (!wide.matches && openedHere) {
      details.open = false;
      openedHere = false;
    }
  }
  follow();
  wide.addEventListener("change", follow);
})();
