import { signInMethodMessage } from "@/lib/sign-in-methods";

import { passkeyErrorMessage, type Ceremony } from "./support";

/** What went wrong in a passkey action: the browser's prompt, or the server's answer. */
export const passkeyFailure = (error: unknown, ceremony: Ceremony): string =>
  passkeyErrorMessage(error, ceremony) ?? signInMethodMessage(error);
