/* Glossary previews: a card with the term and its definition, shown while a glossary link is
   hovered or has keyboard focus, hidden on Escape, mouseleave and blur. The definitions come from
   the page's <script type="application/json" id="glossary-data"> block, so no request is made.
   The link points at the card with aria-describedby while it shows, so screen readers read it.

   On a touch screen, where nothing hovers, the first tap on a glossary link opens the card instead
   of following the link: the card then offers a link to the full entry, and closes on a tap
   elsewhere, on Escape or on Back (it adds a history entry, which Back takes away). A page
   restored from the back/forward cache never shows a card. A card that has no room under its link
   opens above it. */
(function () {
  "use strict";

  var dataElement = document.getElementById("glossary-data");
  if (!dataElement) {
    return;
  }
  var terms;
  try {
    terms = JSON.parse(dataElement.textContent);
  } catch (error) {
    return;
  }

  var card = document.getElementById("glossary-preview");
  if (!card) {
    card = document.createElement("div");
    card.id = "glossary-preview";
    card.className = "glossary-preview";
    card.setAttribute("role", "tooltip");
    card.hidden = true;
    document.body.appendChild(card);
  }
  var termElement = document.createElement("p");
  termElement.className = "glossary-preview-term";
  var definitionElement = document.createElement("p");
  definitionElement.className = "glossary-preview-definition";
  var moreElement = document.createElement("p");
  moreElement.className = "glossary-preview-more";
  var moreLink = document.createElement("a");
  moreElement.appendChild(moreLink);
  // In the card only while a tap opened it (a link without an address is no link to crawl).
  card.replaceChildren(termElement, definitionElement);

  var activeLink = null;
  var touchOpened = false; // the card was opened by a tap: it stays until closed on purpose
  var historyEntry = false; // a history entry was added for the open card, for Back to close it
  var lastPointer = ""; // the pointer type of the last press on a glossary link

  function place(link) {
    // Right under the link, with no gap, so the pointer can move onto the card (WCAG 1.4.13);
    // above it when the window has no room for the card below.
    var rect = link.getBoundingClientRect();
    var margin = 8;
    var width = card.offsetWidth;
    var left = rect.left + window.scrollX;
    var maxLeft = window.scrollX + document.documentElement.clientWidth - width - margin;
    card.style.left = Math.max(window.scrollX + margin, Math.min(left, maxLeft)) + "px";
    var below = rect.bottom + card.offsetHeight <= window.innerHeight;
    var top = below || rect.top < card.offsetHeight ? rect.bottom : rect.top - card.offsetHeight;
    card.style.top = top + window.scrollY + "px";
    card.classList.toggle("glossary-preview-above", top !== rect.bottom);
  }

  function show(link, byTouch) {
    var entry = terms[link.dataset.term];
    if (!entry) {
      return;
    }
    if (activeLink && activeLink !== link) {
      activeLink.removeAttribute("aria-describedby");
    }
    activeLink = link;
    touchOpened = Boolean(byTouch);
    termElement.textContent = entry.term;
    definitionElement.textContent = entry.definition || "";
    // Opened by a tap, the card holds a link: a dialog, not a tooltip, which holds only text.
    moreLink.href = entry.url || link.href;
    moreLink.textContent = "Read the full entry: " + entry.term;
    if (touchOpened) {
      card.appendChild(moreElement);
    } else {
      moreElement.remove();
    }
    if (touchOpened) {
      card.setAttribute("role", "dialog");
      card.setAttribute("aria-label", entry.term);
    } else {
      card.setAttribute("role", "tooltip");
      card.removeAttribute("aria-label");
    }
    card.hidden = false;
    place(link);
    link.setAttribute("aria-describedby", card.id);
    if (touchOpened && !historyEntry && window.history && history.pushState) {
      history.pushState({ glossaryPreview: true }, "");
      historyEntry = true;
    }
  }

  function hide(fromHistory) {
    card.hidden = true;
    touchOpened = false;
    if (activeLink) {
      activeLink.removeAttribute("aria-describedby");
      activeLink = null;
    }
    if (historyEntry) {
      historyEntry = false;
      if (!fromHistory && history.state && history.state.glossaryPreview) {
        history.back(); // take away the entry the card added, so Back leaves the page next
      }
    }
  }

  function isInCard(node) {
    return node instanceof Node && card.contains(node);
  }

  document.querySelectorAll("a.glossary-link[data-term]").forEach(function (link) {
    link.addEventListener("pointerdown", function (event) {
      lastPointer = event.pointerType;
    });
    link.addEventListener("click", function (event) {
      // A tap opens the card; a tap on the link of the open card follows it.
      if (lastPointer === "touch" && !(touchOpened && activeLink === link && !card.hidden)) {
        event.preventDefault();
        show(link, true);
      }
      lastPointer = "";
    });
    link.addEventListener("mouseenter", function () {
      if (!touchOpened) {
        show(link);
      }
    });
    link.addEventListener("focus", function () {
      if (!touchOpened) {
        show(link);
      }
    });
    link.addEventListener("mouseleave", function (event) {
      if (!touchOpened && !isInCard(event.relatedTarget)) {
        hide();
      }
    });
    link.addEventListener("blur", function (event) {
      if (!touchOpened && !isInCard(event.relatedTarget)) {
        hide();
      }
    });
  });

  card.addEventListener("mouseleave", function (event) {
    if (!touchOpened && !(activeLink && activeLink.contains(event.relatedTarget))) {
      hide();
    }
  });

  // A tap outside the card and the glossary links closes a card a tap opened (a tap on another
  // glossary link moves the card there, keeping its history entry).
  document.addEventListener("pointerdown", function (event) {
    var onGlossaryLink = event.target instanceof Element && event.target.closest("a.glossary-link[data-term]");
    if (touchOpened && !isInCard(event.target) && !onGlossaryLink) {
      hide();
    }
  });

  window.addEventListener("popstate", function () {
    if (!card.hidden) {
      hide(true);
    }
  });

  // Leaving the page (for the full entry) or coming back to it from the back/forward cache: no card.
  window.addEventListener("pagehide", function () {
    if (!card.hidden) {
      hide(true);
    }
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && !card.hidden) {
      hide(true);
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !card.hidden) {
      hide();
    }
  });

  window.addEventListener("resize", function () {
    if (activeLink && !card.hidden) {
      place(activeLink);
    }
  });
})();
