// Messages that pages show after an auth form is done. Kept apart from the
// forms, so a page can use them without loading a form's code.
export const WELCOME_BACK = "Welcome back! You're now logged in.";
export const MFA_TOKEN_ENDED = "Your sign-in took too long or had too many wrong codes. Please sign in again.";
export const WELCOME_NEW = "Welcome to authgate! Your account is ready.";
