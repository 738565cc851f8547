/*
 * Who else has this record open: the change form says "I am here" to the presence endpoint
 * (staff only, CSRF-protected) every few seconds, and shows who else did within the last minute.
 * The server wrote the first answer into the page; this script only keeps it up to date, with
 * textContent (never HTML). Nothing is locked. When the endpoint does not answer, the note stays
 * as it was.
 */
(function () {
  "use strict";

  function start() {
    const note = document.getElementById("presence");
    const form = note && note.closest("form");
    if (!note || !form) {
      return;
    }
    const tokenInput = form.querySelector("input[name=csrfmiddlewaretoken]");
    const seconds = Math.max(5, parseInt(note.dataset.pingSeconds, 10) || 20);

    async function ping() {
      const data = new FormData();
      data.append("model", note.dataset.model);
      data.append("object_id", note.dataset.objectId);
      try {
        const response = await fetch(note.dataset.url, {
          method: "POST",
          body: data,
          credentials: "same-origin",
          headers: {"X-CSRFToken": tokenInput ? tokenInput.value : "", "Accept": "application/json"},
        });
        const type = response.headers.get("Content-Type") || "";
        if (!response.ok || response.redirected || !type.startsWith("application/json")) {
          return; // signed out, or the record went away: leave the note as it is
        }
        const answer = await response.json();
        note.textContent = answer.message;
        note.hidden = !answer.message;
      } catch (error) {
        // Offline or the server is restarting: try again at the next tick.
      }
    }

    // A tab in the background still has the record open: it keeps saying so (as often as the
    // browser lets its timers run), and catches up at once when it is shown again.
    window.setInterval(ping, seconds * 1000);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") {
        ping();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
