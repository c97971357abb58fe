// Upgrades a group's chat page (Pages/Chat/GroupChat.cshtml) to live: new messages, edits, presence and typing arrive
// over the one live connection (/hubs/live, docs/chat.md); the form sends over it. Without this script the page still
// reads and posts with a plain form.
(() => {
  "use strict";
  const root = document.getElementById("chat");
  if (!root || !window.ocopLive) return;
  const group = root.dataset.group;
  const channel = root.dataset.channel;
  const list = root.querySelector("[data-chat-messages]");
  const presence = root.querySelector("[data-chat-presence]");
  const typing = root.querySelector("[data-chat-typing]");
  const form = document.querySelector("[data-chat-form]");
  const body = form ? form.querySelector("textarea") : null;
  const error = document.getElementById("body-error");
  let lastRead = Number(root.dataset.last || 0);
  let typingTimer = 0;
  let lastTyping = 0;

  const connection = window.ocopLive.connection;

  function render(m) {
    const item = document.createElement("li");
    item.id = "m" + m.number;
    item.dataset.number = m.number;
    const head = document.createElement("p");
    const author = document.createElement("strong");
    author.textContent = m.authorName;
    const when = document.createElement("time");
    when.dateTime = m.createdAt;
    when.textContent = "just now";
    const number = document.createElement("a");
    number.className = "chat-number";
    number.href = "#m" + m.number;
    number.textContent = "#" + m.number;
    head.append(number, " ", author, " ", when, m.editedAt ? " (edited)" : "");
    item.append(head);
    const text = document.createElement(m.deleted || m.held ? "p" : "div");
    if (m.deleted || m.held) {
      text.className = "chat-deleted";
      text.textContent = m.deleted ? "Message deleted." : "Hidden until a facilitator reviews the flags on it.";
    } else {
      text.className = m.note ? "message-body chat-note" : "message-body";
      text.innerHTML = m.html; // rendered and sanitised by the server, as on the page
    }
    item.append(text);
    if (m.movedTo && !m.deleted) {
      const moved = document.createElement("p");
      const link = document.createElement("a");
      moved.className = "chat-moved";
      link.href = m.movedTo.url;
      link.textContent = m.movedTo.title;
      moved.append("Moved to the forum: ", link);
      item.append(moved);
    }
    return item;
  }

  function markRead(number) {
    if (number <= lastRead || document.hidden) return;
    lastRead = number;
    connection.invoke("MarkRead", group, channel, number).catch(() => {});
  }

  function showError(message) {
    if (!error) return;
    error.textContent = message;
    if (body) body.setAttribute("aria-invalid", message ? "true" : "false");
  }

  connection.on("message", (m) => {
    if (m.channelId !== channel || document.getElementById("m" + m.number)) return;
    const empty = root.querySelector("[data-chat-empty]");
    if (empty) empty.remove();
    list.append(render(m));
    markRead(m.number);
  });
  connection.on("messageChanged", (m) => {
    const old = document.getElementById("m" + m.number);
    if (m.channelId === channel && old) old.replaceWith(render(m));
  });
  // Who is here: the whole list comes with the join's answer, then only arrivals and departures.
  const here = new Map();
  function showPresence() {
    presence.textContent = "Here now: " + [...here.values()].sort((a, b) => a.localeCompare(b)).join(", ");
  }
  connection.on("presence", (p) => {
    if (p.channelId !== channel) return;
    if (p.here) here.set(p.memberId, p.displayName); else here.delete(p.memberId);
    showPresence();
  });
  connection.on("typing", (t) => {
    if (t.channelId !== channel) return;
    typing.textContent = t.displayName + " is typing…";
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => { typing.textContent = ""; }, 3000);
  });
  connection.on("removed", (r) => {
    if (r.channelId !== channel) return;
    presence.textContent = "You are no longer a member of this group: this chat is closed to you.";
    if (form) form.remove();
  });

  if (form && body) {
    form.addEventListener("submit", (event) => {
      if (!connection.connected) return; // the plain form posts instead
      event.preventDefault();
      const text = body.value;
      connection.invoke("Send", group, channel, text).then(() => {
        body.value = "";
        showError("");
      }, (e) => showError(String(e.message || e).replace(/^.*HubException: /, "")));
    });
    body.addEventListener("input", () => {
      const now = Date.now();
      if (now - lastTyping < 2000 || !connection.connected) return;
      lastTyping = now;
      connection.invoke("Typing", channel).catch(() => {});
    });
  }

  function join() {
    return connection.invoke("JoinChannel", group, channel).then((joined) => {
      here.clear();
      joined.present.forEach((x) => here.set(x.memberId, x.displayName));
      showPresence();
      markRead(joined.lastNumber);
      root.dataset.live = "true";
    });
  }

  window.ocopLive.onStart(join);
})();
