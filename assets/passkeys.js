// Passkeys in the browser: hands the server's options to navigator.credentials and the answer back.
// It verifies nothing; it only turns base64url into bytes and back. The server calls it through
// rx.call_script (storefront/state/passkeys.py) and gets {credential: "<json>"} or {error: "<name>"}.
(async (mode, optionsJson) => {
  const decode = (text) => {
    const base64 = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  };
  const encode = (buffer) => {
    let binary = "";
    new Uint8Array(buffer).forEach((byte) => { binary += String.fromCharCode(byte); });
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  };
  if (mode === "supported") {
    return !!(window.PublicKeyCredential && navigator.credentials && window.isSecureContext);
  }
  try {
    if (!window.PublicKeyCredential || !navigator.credentials) return { error: "unsupported" };
    const options = JSON.parse(optionsJson);
    options.challenge = decode(options.challenge);
    if (mode === "create") {
      options.user.id = decode(options.user.id);
      (options.excludeCredentials || []).forEach((c) => { c.id = decode(c.id); });
      const made = await navigator.credentials.create({ publicKey: options });
      return { credential: JSON.stringify({
        id: made.id, rawId: encode(made.rawId), type: made.type,
        response: {
          clientDataJSON: encode(made.response.clientDataJSON),
          attestationObject: encode(made.response.attestationObject),
          transports: made.response.getTransports ? made.response.getTransports() : [],
        },
        clientExtensionResults: {},
      }) };
    }
    (options.allowCredentials || []).forEach((c) => { c.id = decode(c.id); });
    const got = await navigator.credentials.get({ publicKey: options });
    return { credential: JSON.stringify({
      id: got.id, rawId: encode(got.rawId), type: got.type,
      response: {
        clientDataJSON: encode(got.response.clientDataJSON),
        authenticatorData: encode(got.response.authenticatorData),
        signature: encode(got.response.signature),
        userHandle: got.response.userHandle ? encode(got.response.userHandle) : null,
      },
      clientExtensionResults: {},
    }) };
  } catch (error) {
    return { error: String((error && error.name) || "Error").slice(0, 40) };
  }
})
