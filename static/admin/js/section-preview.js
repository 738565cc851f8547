/*
 * Live preview of a section's text in the admin: as the editor types in the body field, the
 * text is sent to the preview endpoint (staff only, CSRF-protected), which renders it as readers
 * will see it and lists links to terms that do not exist. The server escapes everything; this
 * script only puts the fragment it answers into the preview box.
 */
(function () {
  "use strict";

  const DELAY = 300; // milliseconds of quiet typing before the preview is refreshed

  function start() {
    const preview = document.getElementById("section-preview");
    const body = document.getElementById("id_body");
    if (!preview || !body || !body.form) {
      return;
    }
    const url = preview.dataset.previewUrl;
    const tokenInput = body.form.querySelector("input[name=csrfmiddlewaretoken]");
    let timer = null;
    let controller = null;

    async function refresh() {
      if (controller) {
        controller.abort(); // an answer to older text must not overwrite a newer one
      }
      controller = new AbortController();
      const data = new FormData();
      data.append("body", body.value);
      preview.setAttribute("aria-busy", "true");
      try {
        const response = await fetch(url, {
          method: "POST",
          body: data,
          credentials: "same-origin",
          headers: {"X-CSRFToken": tokenInput ? tokenInput.value : ""},
          signal: controller.signal,
        });
        if (response.redirected) {
          // The session ended: the admin sent its sign-in page instead of a preview.
          throw new Error("you are signed out; sign in again in another tab");
        }
        if (!response.ok) {
          throw new Error("the preview answered " + response.status);
        }
        preview.innerHTML = await response.text();
        preview.dataset.state = "fresh";
      } catch (error) {
        if (error.name !== "AbortError") {
          preview.dataset.state = "failed";
          const note = document.createElement("p");
          note.className = "errornote";
          note.textContent = "The preview could not be refreshed (" + error.message + "). Saving still works.";
          preview.replaceChildren(note);
        }
      } finally {
        preview.removeAttribute("aria-busy");
      }
    }

    body.addEventListener("input", function () {
      preview.dataset.state = "pending";
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, DELAY);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
