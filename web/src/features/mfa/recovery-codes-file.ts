// The text of the recovery codes as the person keeps them (Download, Copy).

export const RECOVERY_CODES_FILE_NAME = "authgate-recovery-codes.txt";

/** A plain-text file: what the codes are for, then one code a line. */
export function recoveryCodesFile(codes: readonly string[], account: string, madeAt: Date): string {
  const day = madeAt.toISOString().slice(0, 10);
  return [
    `authgate recovery codes for ${account}`,
    `Made on ${day}. These replace any codes made before.`,
    "",
    "If you cannot use your authenticator app, sign in with your password,",
    'choose "Use a recovery code" and enter one of these. Each code works once.',
    "",
    ...codes,
    "",
  ].join("\n");
}

/** The secret for typing by hand, in groups of four: "ABCD EFGH IJKL". */
export const groupSecret = (secret: string): string => secret.replace(/(.{4})(?=.)/g, "$1 ");
