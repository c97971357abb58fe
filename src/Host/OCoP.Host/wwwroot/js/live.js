// The one live connection of a page that opens it (/hubs/live, docs/chat.md), shared as window.ocopLive: the notification
// badge of the site menu follows the member's unread count; on a topic page "N new replies, show" appears as replies
// arrive; chat.js joins its channel over the same connection. Pages work without it.
// The connection speaks SignalR's JSON hub protocol over one WebSocket itself (about 2 KB instead of the 47 KB
// client, which kept the topic page over its 100 KB budget): handshake, invocations, completions, pings, reconnect.
(() => {
  "use strict";
  if (!window.WebSocket) return;
  const RS = "\u001e"; // the protocol's record separator
  const handlers = {};
  const pending = new Map();
  const reconnected = [];
  let socket = null;
  let nextId = 1;
  let ping = 0;
  let attempt = 0;
  const connection = {
    connected: false,
    on(target, handler) { (handlers[target.toLowerCase()] ||= []).push(handler); },
    onreconnected(handler) { reconnected.push(handler); },
    invoke(target, ...args) {
      if (!connection.connected) return Promise.reject(new Error("Not connected."));
      const invocationId = String(nextId++);
      return new Promise((resolve, reject) => {
        pending.set(invocationId, { resolve, reject });
        socket.send(JSON.stringify({ type: 1, invocationId, target, arguments: args }) + RS);
      });
    },
    start() {
      return new Promise((resolve, reject) => {
        const url = new URL("/hubs/live", location.href);
        url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
        socket = new WebSocket(url);
        let shaken = false;
        socket.onopen = () => socket.send(JSON.stringify({ protocol: "json", version: 1 }) + RS);
        socket.onmessage = (event) => {
          for (const record of String(event.data).split(RS)) {
            if (!record) continue;
            const message = JSON.parse(record);
            if (!shaken) {
              shaken = true;
              if (message.error) { reject(new Error(message.error)); socket.close(); return; }
              connection.connected = true;
              attempt = 0;
              ping = setInterval(() => socket.send(JSON.stringify({ type: 6 }) + RS), 15000);
              resolve();
              continue;
            }
            if (message.type === 1) (handlers[message.target.toLowerCase()] || []).forEach((h) => h(...message.arguments));
            else if (message.type === 3 && pending.has(message.invocationId)) {
              const call = pending.get(message.invocationId);
              pending.delete(message.invocationId);
              if (message.error) call.reject(new Error(message.error)); else call.resolve(message.result);
            } else if (message.type === 7) socket.close();
          }
        };
        socket.onclose = () => {
          const wasConnected = connection.connected;
          connection.connected = false;
          clearInterval(ping);
          pending.forEach((call) => call.reject(new Error("Connection closed.")));
          pending.clear();
          if (!shaken) reject(new Error("Could not connect."));
          // Back off and reconnect as SignalR's client does (0, 2, 10, 30 s), then join again.
          if (wasConnected || attempt > 0) {
            const delay = [0, 2000, 10000, 30000][Math.min(attempt++, 3)];
            setTimeout(() => connection.start().then(() => reconnected.forEach((h) => h())).catch(() => {}), delay);
          }
        };
      });
    },
  };
  const topic = document.querySelector("[data-live-topic]");
  const onStart = [];
  let fresh = 0;
  window.ocopLive = { connection, onStart: (join) => onStart.push(join) };

  connection.on("topicReply", (reply) => {
    if (!topic || reply.topicId !== topic.dataset.liveTopic || reply.postNumber <= Number(topic.dataset.liveLast || 0)) return;
    fresh += 1;
    topic.dataset.liveLast = reply.postNumber;
    topic.replaceChildren();
    const link = document.createElement("a");
    link.href = reply.path;
    link.textContent = fresh === 1 ? "1 new reply, show" : fresh + " new replies, show";
    topic.append(link);
    topic.hidden = false;
  });

  connection.on("badge", (badge) => {
    const link = document.querySelector("a.notification-link");
    if (!link) return;
    let count = link.querySelector(".notification-badge");
    if (badge.unread > 0) {
      if (!count) {
        count = document.createElement("span");
        count.className = "notification-badge";
        link.append(" ", count);
      }
      count.textContent = badge.unread;
      link.setAttribute("aria-label", "Notifications (" + badge.unread + " unread)");
    } else {
      if (count) count.remove();
      link.removeAttribute("aria-label");
    }
  });

  if (topic) {
    onStart.push(() => connection.invoke("WatchTopic", topic.dataset.liveGroup, topic.dataset.liveTopic).then(() => { topic.dataset.live = "on"; }));
  }
  const joinAll = () => Promise.all(onStart.map((join) => join()));
  connection.onreconnected(joinAll);
  // Other scripts (deferred, after this one) register what to join before the connection opens.
  document.addEventListener("DOMContentLoaded", () => {
    connection.start().then(joinAll).catch(() => { /* the page stays as it is */ });
  });
})();
