// Query keys shared by more than one feature.
export const queryKeys = {
  currentUser: ["auth", "current-user"] as const,
  sessions: ["auth", "sessions"] as const,
  securityEvents: ["account", "security-events"] as const,
  securityOverview: ["account", "security"] as const,
  passkeys: ["passkeys"] as const,
  providers: ["providers"] as const,
  identities: ["providers", "identities"] as const,
};
