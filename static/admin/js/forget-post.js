/*
 * An admin page that answers a POST (a form shown again with its errors, a save refused because
 * someone saved first, a confirmation) stays in the browser's history as an ordinary address.
 *
 * Without this, Back from the page after it (the list a later save leads to) asks to send the
 * form again ("Confirm Form Resubmission", ERR_CACHE_MISS). Replacing the history entry with its
 * own address drops the posted data: Back and Reload then open the address afresh (a GET), and
 * admin/js/keep-typed-text.js still holds what the form held. base_site.html loads this script
 * only on pages that answer a POST.
 */
(function () {
  "use strict";

  if (window.history && window.history.replaceState) {
    window.history.replaceState(window.history.state, "", window.location.href);
  }
})();
