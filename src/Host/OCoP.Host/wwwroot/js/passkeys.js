// Passkeys (WebAuthn): the browser makes and uses the key, so these two forms need this script. A form marked
// data-passkey="create" (add a passkey) or "get" (sign in with one) fetches the server's options, asks the browser,
// puts the credential's JSON in the form's hidden field and submits the form; the server checks everything.
(function () {
  "use strict";

  var supported = window.PublicKeyCredential && typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function";

  function showError(form, text) {
    var box = form.querySelector(".passkey-error");
    if (!box) {
      box = document.createElement("p");
      box.className = "field-error passkey-error";
      box.setAttribute("role", "alert");
      form.appendChild(box);
    }
    box.textContent = text;
  }

  document.querySelectorAll("form[data-passkey]").forEach(function (form) {
    var create = form.getAttribute("data-passkey") === "create";
    var field = form.querySelector("[data-passkey-credential]");
    if (!supported) {
      if (create) showError(form, "This browser cannot make passkeys.");
      return;
    }

    form.hidden = false;
    form.addEventListener("submit", function (event) {
      if (field.value) return; // the credential is in: really submit
      event.preventDefault();
      var url = "/api/membership/account/passkeys/" + (create ? "creation-options" : "request-options");
      fetch(url, { method: "POST", credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error("The server did not answer (" + response.status + "): try again.");
          return response.json();
        })
        .then(function (options) {
          return create
            ? navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) })
            : navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
        })
        .then(function (credential) {
          if (!credential) throw new Error("No passkey was chosen.");
          field.value = JSON.stringify(credential);
          form.submit();
        })
        .catch(function (error) {
          showError(form, error && error.name === "NotAllowedError"
            ? "The passkey request was cancelled or timed out."
            : (error && error.message) || "The passkey did not work.");
        });
    });
  });
})();
