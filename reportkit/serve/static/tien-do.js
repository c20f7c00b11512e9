// The batch's progress bar: ask the service every second while a batch runs, then reload.
(function () {
  "use strict";
  var box = document.getElementById("trang-thai");
  if (!box || box.dataset.running !== "1") { return; }
  var bar = document.getElementById("tien-do");
  var text = document.getElementById("tien-do-chu");
  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin", cache: "no-store" })
      .then(function (answer) { return answer.json(); })
      .then(function (state) {
        bar.max = state.total || 1;
        bar.value = state.done;
        if (state.running) {
          text.textContent = "Đang lập: " + state.done + "/" + (state.total || "?") + " đơn vị";
          window.setTimeout(poll, 1000);
        } else {
          window.location.reload();
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
}());
