"use client";

import dynamic from "next/dynamic";

// The passkey buttons of /login and /signup load as chunks of their own, after
// the page, like the forms (see features/auth/components/entry-forms.tsx); the
// WebAuthn code loads only when one is pressed.
export const PasskeySignInButton = dynamic(() =>
  import("./passkey-sign-in-button").then((module) => module.PasskeySignInButton),
);
export const PasskeySignupButton = dynamic(() =>
  import("./passkey-signup-button").then((module) => module.PasskeySignupButton),
);
