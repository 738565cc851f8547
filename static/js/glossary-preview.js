/* Glossary previews: a card with the term and its definition, shown while a glossary link is
   hovered or has keyboard focus, hidden on Escape, mouseleave and blur. The definitions come from
   the page's <script type="application/json" id="glossary-data"> block, so no request is made.
   The link points at the card with aria-describedby while it shows, so screen readers read it.

   On a touch screen, where nothing hovers, the first tap on a glossary link opens the card instead
   of following the link: the card then offers a link to the full entry, and closes on a tap
   elsewhere, on Escape or on Back (it adds a history entry, which Back takes away). A page
   restored from the back/forward cache never shows a card. A card that has no room under its link
   opens above it.

   A person's card (a link whose data-term starts with "person:") shows more: their portrait when
   they have one, their role and country, and their first events with dates, linked when a tap
   opened the card (a tooltip holds text only). */
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
  function element(tag, className) {
    var made = document.createElement(tag);
    if (className) {
      made.className = className;
    }
    return made;
  }

  var termElement = element("p", "glossary-preview-term");
  var aboutElement = element("p", "glossary-preview-about");
  var definitionElement = element("p", "glossary-preview-definition");
  var eventsElement = element("ul", "glossary-preview-events");
  var moreElement = element("p", "glossary-preview-more");
  var moreLink = element("a");
  moreElement.appendChild(moreLink);
  // In the card only while a tap opened it (a link without an address is no link to crawl).
  card.replaceChildren(termElement, definitionElement);

  function portrait(image) {
    // The smallest rendition, WebP where the browser takes it; width and height keep its place.
    var shown = element("picture", "glossary-preview-portrait");
    if (image.webp) {
      var source = element("source");
      source.type = "image/webp";
      source.srcset = image.webp;
      shown.appendChild(source);
    }
    var img = element("img");
    img.src = image.src;
    img.alt = image.alt || "";
    if (image.width && image.height) {
      img.width = image.width;
      img.height = image.height;
    }
    img.decoding = "async";
    shown.appendChild(img);
    return shown;
  }

  function eventItem(event, linked) {
    var item = element("li");
    var date = element("span", "glossary-preview-date");
    date.textContent = event.date;
    var title = linked && event.url ? element("a") : element("span");
    if (linked && event.url) {
      title.href = event.url;
    }
    title.textContent = event.title;
    item.append(date, " ", title);
    return item;
  }

  function fill(entry, linked) {
    // The card's parts for this entry, in reading order: a person's portrait, name, role and
    // country, definition, events, and (after a tap) the link to the full page.
    var parts = [];
    if (entry.portrait) {
      parts.push(portrait(entry.portrait));
    }
    termElement.textContent = entry.term;
    parts.push(termElement);
    var about = [entry.role, entry.country].filter(Boolean).join(", ");
    if (about) {
      aboutElement.textContent = about;
      parts.push(aboutElement);
    }
    if (entry.definition) {
      definitionElement.textContent = entry.definition;
      parts.push(definitionElement);
    }
    var events = entry.events || [];
    if (events.length) {
      eventsElement.replaceChildren.apply(
        eventsElement,
        events.map(function (event) {
          return eventItem(event, linked);
        })
      );
      eventsElement.setAttribute("aria-label", "Events");
      parts.push(eventsElement);
      var others = (entry.event_count || 0) - events.length;
      if (others > 0) {
        var rest = element("p", "glossary-preview-rest");
        rest.textContent = others === 1 ? "and 1 more event" : "and " + others + " more events";
        parts.push(rest);
      }
    }
    if (linked) {
      moreLink.href = entry.url;
      moreLink.textContent = (entry.events ? "See the page of " : "Read the full entry: ") + entry.term;
      parts.push(moreElement);
    }
    card.classList.toggle("glossary-preview-person", Boolean(entry.events));
    card.replaceChildren.apply(card, parts);
  }

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

  function reveal() {
    // A card a tap opened that runs past the bottom of the window (a person's card is tall, a
    // phone's window short) scrolls into view, never past its own top.
    var box = card.getBoundingClientRect();
    var below = box.bottom + 8 - window.innerHeight;
    if (below > 0) {
      window.scrollBy(0, Math.min(below, box.top - 8));
    }
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
    if (!entry.url) {
      entry.url = link.href;
    }
    fill(entry, touchOpened);
    if (touchOpened) {
      card.setAttribute("role", "dialog");
      card.setAttribute("aria-label", entry.term);
    } else {
      card.setAttribute("role", "tooltip");
      card.removeAttribute("aria-label");
    }
    card.hidden = false;
    place(link);
    if (touchOpened) {
      reveal();
    }
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
