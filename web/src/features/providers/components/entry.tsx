"use client";

import dynamic from "next/dynamic";

// The provider buttons of /login and /signup load as a chunk of their own,
// after the page (see features/auth/components/entry-forms.tsx).
export const ProviderButtons = dynamic(() =>
  import("./provider-buttons").then((module) => module.ProviderButtons),
);
