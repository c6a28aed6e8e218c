"use client";

import dynamic from "next/dynamic";

// The forms of the two pages every visit starts on load as chunks of their own,
// with react-hook-form, Zod and axios. The page's HTML already shows the form
// and preloads its chunk; React hydrates the form when the chunk arrives, and
// its submit button is disabled until then. This keeps those pages' first-load
// JavaScript within budget (see README, "Web app").
export const LoginForm = dynamic(() => import("./login-form").then((module) => module.LoginForm));
export const SignupForm = dynamic(() => import("./signup-form").then((module) => module.SignupForm));
