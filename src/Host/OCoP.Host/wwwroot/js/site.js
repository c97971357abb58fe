// Comfort only: every page works without this script (issue 19). Small, self-hosted, no inline code (the CSP forbids it).
(function () {
  "use strict";

  // The error summary's links put the caret in the refused field, not just scroll to it.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".error-summary a[href^='#']");
    if (!link) return;
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    field.focus();
    field.scrollIntoView({ block: "center" });
  });

  // A summary swapped in by htmx takes focus like one rendered with the page (autofocus only works on load).
  document.addEventListener("htmx:afterSwap", function (event) {
    var summary = event.target.querySelector && event.target.querySelector(".error-summary");
    if (summary) summary.focus();
  });
})();

// The composer (issue 19, item 3): a Markdown toolbar, a live preview rendered by the server's own renderer, @-mention
// completion from the group's members, and a draft kept on this device. Without this script it is a plain textarea.
(function () {
  "use strict";

  var formats = [
    ["Bold", "**", "**", "bold"], ["Italic", "_", "_", "italic"], ["Link", "[", "](https://)", "link text"],
    ["Quote", "> ", "", "quote"], ["List", "- ", "", "item"], ["Code", "`", "`", "code"]
  ];

  function debounce(fn, ms) {
    var timer;
    return function () { clearTimeout(timer); timer = setTimeout(fn, ms); };
  }

  function setup(textarea) {
    var form = textarea.form;
    var id = textarea.id;
    var draftKey = "ocop:draft:" + location.pathname + ":" + textarea.name;

    var toolbar = document.createElement("div");
    toolbar.className = "composer-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", "Formatting");
    toolbar.setAttribute("aria-controls", id);
    formats.forEach(function (format) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "secondary";
      button.textContent = format[0];
      button.addEventListener("click", function () { wrap(format[1], format[2], format[3]); });
      toolbar.appendChild(button);
    });
    textarea.parentNode.insertBefore(toolbar, textarea);

    var status = document.createElement("p");
    status.className = "hint composer-status";
    status.setAttribute("aria-live", "polite"); // not role=status: the page's own notice is the status
    status.id = id + "-status";
    textarea.parentNode.insertBefore(status, textarea.nextSibling);

    var options = document.createElement("div");
    options.className = "mention-popup";
    options.id = id + "-mentions";
    status.parentNode.insertBefore(options, status);

    var preview = document.createElement("section");
    preview.className = "composer-preview";
    preview.setAttribute("aria-label", "Preview");
    preview.innerHTML = "<h3 class=\"preview-heading\">Preview</h3><div class=\"post-body\" aria-live=\"polite\"><p class=\"hint\">Your message will appear here as it will be posted.</p></div>";
    var previewBody = preview.querySelector(".post-body");
    status.parentNode.insertBefore(preview, status.nextSibling);

    function wrap(before, after, placeholder) {
      var start = textarea.selectionStart, end = textarea.selectionEnd;
      var chosen = textarea.value.slice(start, end) || placeholder;
      textarea.setRangeText(before + chosen + after, start, end, "select");
      textarea.setSelectionRange(start + before.length, start + before.length + chosen.length);
      textarea.focus();
      changed();
    }

    var token = form.querySelector("input[name=__RequestVerificationToken]");
    var refresh = debounce(function () {
      var data = new FormData();
      data.append("body", textarea.value);
      if (token) data.append("__RequestVerificationToken", token.value);
      fetch(textarea.dataset.previewUrl, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
        .then(function (html) { previewBody.innerHTML = html || "<p class=\"hint\">Nothing to show yet.</p>"; })
        .catch(function () { previewBody.innerHTML = "<p class=\"hint\">The preview is not available right now.</p>"; });
    }, 350);

    var saveDraft = debounce(function () {
      try {
        if (textarea.value.trim()) localStorage.setItem(draftKey, textarea.value); else localStorage.removeItem(draftKey);
      } catch (e) { /* storage full or disabled: no draft */ }
    }, 300);

    function changed() { refresh(); saveDraft(); }

    // Mentions: after "@" and a few letters, the group's members whose handle starts so.
    var active = -1;
    function items() { return options.querySelectorAll("[role=option]"); }
    function close() {
      options.innerHTML = "";
      active = -1;
      textarea.removeAttribute("aria-activedescendant");
    }
    function highlight(index) {
      var list = items();
      if (!list.length) return;
      active = (index + list.length) % list.length;
      list.forEach(function (item, i) { item.setAttribute("aria-selected", i === active ? "true" : "false"); });
      textarea.setAttribute("aria-activedescendant", list[active].id);
    }
    function typedMention() {
      var before = textarea.value.slice(0, textarea.selectionStart);
      var match = /(^|\s)@([\w.-]{1,40})$/.exec(before);
      return match ? match[2] : null;
    }
    function choose(item) {
      var typed = typedMention();
      if (typed === null) return close();
      var caret = textarea.selectionStart;
      textarea.setRangeText(item.dataset.handle + " ", caret - typed.length, caret, "end");
      close();
      textarea.focus();
      changed();
    }
    var lookUp = debounce(function () {
      var typed = typedMention();
      if (typed === null) return close();
      fetch(textarea.dataset.mentionsUrl + "?q=" + encodeURIComponent(typed), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) {
          options.innerHTML = html;
          if (!items().length) return close();
          status.textContent = items().length + " members to mention: arrow keys to choose, Enter to insert.";
          highlight(0);
        });
    }, 200);
    options.addEventListener("mousedown", function (event) {
      var item = event.target.closest("[role=option]");
      if (item) { event.preventDefault(); choose(item); }
    });
    textarea.addEventListener("keydown", function (event) {
      if (!items().length) return;
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
      else if ((event.key === "Enter" || event.key === "Tab") && active >= 0) { event.preventDefault(); choose(items()[active]); }
      else if (event.key === "Escape") { close(); }
    });

    textarea.addEventListener("input", function () { changed(); lookUp(); });
    form.addEventListener("submit", function () { try { localStorage.removeItem(draftKey); } catch (e) { } });

    try {
      var draft = localStorage.getItem(draftKey);
      if (draft && !textarea.value.trim()) {
        textarea.value = draft;
        status.textContent = "Your draft is restored from this device.";
      }
    } catch (e) { /* no storage */ }
    if (textarea.value.trim()) refresh();
  }

  document.querySelectorAll("textarea[data-preview-url]").forEach(setup);
})();

// People cards (issue 19, item 4): resting the pointer on a member's name, or giving it focus, shows their handle,
// expertise and role in this group, fetched once per name. Escape, moving away or leaving the field closes it; the
// link still leads to the full profile. Without this script the name is just that link.
(function () {
  "use strict";

  var cache = {}, open = null, closing, opening;
  var group = (location.pathname.match(/^\/groups\/([^\/]+)/) || [])[1];

  function personLink(node) {
    return node && node.closest ? node.closest("a.person[href^='/members/']") : null;
  }

  function close() {
    clearTimeout(closing);
    if (!open) return;
    open.link.removeAttribute("aria-describedby");
    open.card.remove();
    open = null;
  }

  function show(link) {
    clearTimeout(closing);
    if (open && open.link === link) return;
    var url = link.getAttribute("href") + "?handler=card" + (group ? "&group=" + encodeURIComponent(group) : "");
    cache[url] = cache[url] || fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .catch(function () { return null; });
    cache[url].then(function (html) {
      if (!html || !(link.matches(":hover") || link === document.activeElement)) return;
      close();
      var card = document.createElement("div");
      card.className = "person-card";
      card.id = "person-card";
      card.setAttribute("role", "tooltip");
      card.innerHTML = html;
      document.body.appendChild(card);
      var box = link.getBoundingClientRect();
      var width = document.documentElement.clientWidth;
      card.style.top = (window.scrollY + box.bottom + 4) + "px";
      card.style.left = (window.scrollX + Math.max(8, Math.min(box.left, width - card.offsetWidth - 8))) + "px";
      link.setAttribute("aria-describedby", "person-card");
      open = { link: link, card: card };
    });
  }

  function closeSoon() {
    clearTimeout(closing);
    closing = setTimeout(close, 300); // time to move the pointer onto the card
  }

  document.addEventListener("mouseover", function (event) {
    var link = personLink(event.target);
    clearTimeout(opening);
    if (link) {
      opening = setTimeout(function () { show(link); }, 250);
    } else if (open && open.card.contains(event.target)) {
      clearTimeout(closing);
    } else if (open) {
      closeSoon();
    }
  });
  document.addEventListener("focusin", function (event) {
    var link = personLink(event.target);
    if (link) show(link); else close();
  });
  document.addEventListener("focusout", function (event) {
    if (personLink(event.target)) closeSoon();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") close();
  });
})();
