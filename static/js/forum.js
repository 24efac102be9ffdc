// The forum, live. On a thread: "1 new reply — show" when someone replies (the
// replies are fetched as the server renders them for this person), and a changed
// or hidden post changes in place. On a category: "New posts — show" reloads the
// list. Without this script or the socket, the pages work as they are.
const texts = JSON.parse(document.getElementById("forum-texts")?.textContent || "{}");

// Reconnects through live.js (exponential back-off with full jitter, 4429 honoured).
function socketFor(path, onMessage) {
  let socket = null;
  const retry = window.FLHLive.retry(open);
  function open() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + path);
    retry.watch(socket);
    socket.onopen = () => retry.opened();
    socket.onmessage = (event) => onMessage(JSON.parse(event.data), socket);
    socket.onclose = (event) => {
      if (event.code === 4403) return; // not allowed (any more): stay as we are
      retry.closed(event);
    };
  }
  open();
  return () => socket;
}

function fetchHtml(url) {
  return fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
    .then((response) => (response.status === 200 ? response.text() : ""));
}

function articlesOf(html) {
  const holder = document.createElement("div");
  holder.innerHTML = html;
  return Array.from(holder.querySelectorAll("article.post"));
}

function liveThread(posts) {
  const note = document.querySelector("[data-live-new]");
  const button = note.querySelector("[data-live-show]");
  const onLastPage = posts.dataset.lastPage === "1";
  let lastPosition = Number(posts.dataset.lastPosition || 0);
  let waiting = new Set();
  let current = null;

  function label() {
    const count = waiting.size;
    button.textContent = (count === 1 ? texts.one : texts.many).replace("%(count)s", count);
    note.hidden = count === 0;
  }

  function show() {
    if (!onLastPage) {
      location.href = "?page=last";
      return;
    }
    fetchHtml(posts.dataset.fragmentUrl + "?after=" + lastPosition).then((html) => {
      const arrived = articlesOf(html);
      arrived.forEach((article) => {
        if (!document.getElementById(article.id)) posts.appendChild(article);
        article.classList.add("post-arrived");
        lastPosition = Math.max(lastPosition, Number(article.dataset.position));
      });
      waiting = new Set();
      label();
      if (arrived.length) {
        arrived[0].setAttribute("tabindex", "-1");
        arrived[0].focus();
      }
    });
  }

  function refresh(postId, position) {
    const old = posts.querySelector(`[data-post="${postId}"]`);
    if (old && old.contains(document.activeElement)) return;
    // A post shown again (or let through by a moderator) that this page never had
    // goes in its place, if that place is on this page.
    const articles = Array.from(posts.querySelectorAll("article.post"));
    const first = articles.length ? Number(articles[0].dataset.position) : 0;
    if (!old && !(position > first && position < lastPosition)) return;
    fetchHtml(posts.dataset.postUrl.replace("/0/", `/${postId}/`)).then((html) => {
      const fresh = articlesOf(html)[0];
      if (old) {
        if (fresh) old.replaceWith(fresh);
        else old.remove();
        return;
      }
      if (!fresh) return;
      const after = articles.find((article) => Number(article.dataset.position) > position);
      posts.insertBefore(fresh, after || null);
    });
  }

  button.addEventListener("click", show);
  const socket = socketFor(`/ws/forum/thread/${posts.dataset.liveThread}/`, (message, ws) => {
    current = ws;
    if (message.type === "forum.post_new" && message.position > lastPosition) {
      waiting.add(message.post);
      label();
    } else if (message.type === "forum.post_hidden" && waiting.has(message.post)) {
      waiting.delete(message.post);
      label();
    } else if (["forum.post_changed", "forum.post_hidden", "forum.post_shown", "forum.reaction"].includes(message.type)) {
      refresh(message.post, message.position);
    }
  });
  // Tell the server how far this person has read, after showing new replies.
  button.addEventListener("click", () => {
    const ws = current || socket();
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ action: "read", position: lastPosition }));
  });
}

function liveCategory(list) {
  const note = document.querySelector("[data-live-new]");
  const button = note.querySelector("[data-live-show]");
  button.addEventListener("click", () => location.reload());
  socketFor(`/ws/forum/category/${list.dataset.liveCategory}/`, (message) => {
    if (message.type === "forum.thread_new" || message.type === "forum.thread_active") note.hidden = false;
  });
}

const thread = document.querySelector("[data-live-thread]");
if (thread) liveThread(thread);
const category = document.querySelector("[data-live-category]");
if (category) liveCategory(category);
