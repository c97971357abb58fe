// The one live connection of a page that opens it (/hubs/live, docs/chat.md), shared as window.ocopLive: the notification
// badge of the site menu follows the member's unread count; on a topic page "N new replies, show" appears as replies
// arrive; chat.js joins its channel over the same connection. Pages work without it.
(() => {
  "use strict";
  if (!window.signalR) return;
  const topic = document.querySelector("[data-live-topic]");
  const connection = new signalR.HubConnectionBuilder().withUrl("/hubs/live").withAutomaticReconnect().build();
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
