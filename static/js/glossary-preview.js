/* Glossary previews: a card with the term and its definition, shown while a glossary link is
   hovered or has keyboard focus, hidden on Escape, mouseleave and blur. The definitions come from
   the page's <script type="application/json" id="glossary-data"> block, so no request is made.
   The link points at the card with aria-describedby while it shows, so screen readers read it. */
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
  card.replaceChildren(termElement, definitionElement);

  var activeLink = null;

  function place(link) {
    // Right under the link, with no gap, so the pointer can move onto the card (WCAG 1.4.13).
    var rect = link.getBoundingClientRect();
    var margin = 8;
    var width = card.offsetWidth;
    var left = rect.left + window.scrollX;
    var maxLeft = window.scrollX + document.documentElement.clientWidth - width - margin;
    card.style.left = Math.max(window.scrollX + margin, Math.min(left, maxLeft)) + "px";
    card.style.top = rect.bottom + window.scrollY + "px";
  }

  function show(link) {
    var entry = terms[link.dataset.term];
    if (!entry) {
      return;
    }
    if (activeLink && activeLink !== link) {
      activeLink.removeAttribute("aria-describedby");
    }
    activeLink = link;
    termElement.textContent = entry.term;
    definitionElement.textContent = entry.definition || "";
    card.hidden = false;
    place(link);
    link.setAttribute("aria-describedby", card.id);
  }

  function hide() {
    card.hidden = true;
    if (activeLink) {
      activeLink.removeAttribute("aria-describedby");
      activeLink = null;
    }
  }

  function isInCard(node) {
    return node instanceof Node && card.contains(node);
  }

  document.querySelectorAll("a.glossary-link[data-term]").forEach(function (link) {
    link.addEventListener("mouseenter", function () {
      show(link);
    });
    link.addEventListener("focus", function () {
      show(link);
    });
    link.addEventListener("mouseleave", function (event) {
      if (!isInCard(event.relatedTarget)) {
        hide();
      }
    });
    link.addEventListener("blur", hide);
  });

  card.addEventListener("mouseleave", function (event) {
    if (!(activeLink && activeLink.contains(event.relatedTarget))) {
      hide();
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
