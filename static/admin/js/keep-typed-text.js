/*
 * Typed text is not lost by leaving a change form, by a sign-out or by a sign-in elsewhere.
 *
 * - Leaving a form with changes not saved asks first (the browser's own "Leave page?" prompt).
 * - What the editor types is kept in this browser (localStorage, per form address) until the form
 *   loads again showing the same values. A save that never arrived (the session ended, or a sign-in
 *   elsewhere changed the CSRF token) brings the editor, once signed in again, back to the form:
 *   a note there offers to put the kept text back. The kept version number goes back too, so a
 *   save over someone else's newer change is still refused (and merged) as usual.
 *
 * No data leaves the browser; the kept text is dropped when restored, discarded, or saved (seen
 * again in the form as saved).
 */
(function () {
  "use strict";

  const PREFIX = "relations:typed:";
  const SKIPPED = new Set(["csrfmiddlewaretoken"]);

  function fields(form) {
    return Array.from(form.elements).filter(
      (field) =>
        field.name &&
        !SKIPPED.has(field.name) &&
        !field.name.startsWith("initial-") &&
        ["textarea", "text", "number", "select-one", "date", "hidden", "url", "email"].includes(field.type),
    );
  }

  function values(form) {
    const found = {};
    for (const field of fields(form)) {
      found[field.name] = field.value;
    }
    return found;
  }

  function differs(kept, current) {
    return Object.keys(kept).some((name) => name in current && name !== "loaded_version" && kept[name] !== current[name]);
  }

  function note(form, kept, key) {
    const box = document.createElement("div");
    box.className = "kept-text-note";
    box.setAttribute("role", "status");
    const text = document.createElement("p");
    const when = new Date(kept.at).toLocaleString();
    text.textContent = `This browser kept text you typed in this form at ${when} that was not saved.`;
    const restore = document.createElement("button");
    restore.type = "button";
    restore.className = "button";
    restore.textContent = "Put my text back";
    const discard = document.createElement("button");
    discard.type = "button";
    discard.className = "button";
    discard.textContent = "Discard it";
    restore.addEventListener("click", () => {
      for (const field of fields(form)) {
        if (field.name in kept.values) {
          field.value = kept.values[field.name];
          field.dispatchEvent(new Event("input", { bubbles: true }));
        }
      }
      box.remove();
    });
    discard.addEventListener("click", () => {
      localStorage.removeItem(key);
      box.remove();
    });
    box.append(text, restore, " ", discard);
    form.prepend(box);
  }

  function start() {
    // The record's own form (Django names it "<model>_form"), not the Watch button's little form.
    const form = document.querySelector("#content-main form[method=post][id$='_form']");
    if (!form || !document.body.classList.contains("change-form") || !window.localStorage) {
      return;
    }
    const key = PREFIX + window.location.pathname;
    const loaded = values(form);
    let kept = null;
    try {
      kept = JSON.parse(localStorage.getItem(key) || "null");
    } catch (error) {
      kept = null;
    }
    // A form shown again with errors holds what was posted (or a merge of it), not what is saved:
    // nothing to offer, but it is kept, so that a Reload (a plain GET: forget-post.js) offers it back.
    const refused = document.querySelector(".errornote, .errorlist");
    if (refused) {
      localStorage.setItem(key, JSON.stringify({ at: Date.now(), values: loaded }));
    } else if (kept && kept.values && differs(kept.values, loaded)) {
      note(form, kept, key);
    } else {
      localStorage.removeItem(key);
    }
    let submitting = false;
    function changed() {
      return differs(values(form), loaded);
    }
    form.addEventListener("input", () => {
      if (changed()) {
        localStorage.setItem(key, JSON.stringify({ at: Date.now(), values: values(form) }));
      }
    });
    form.addEventListener("change", () => form.dispatchEvent(new Event("input")));
    form.addEventListener("submit", () => {
      submitting = true;
    });
    window.addEventListener("beforeunload", (event) => {
      if (!submitting && changed()) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
