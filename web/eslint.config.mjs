import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  // Generated from the API's OpenAPI document (scripts/api-types.mjs).
  globalIgnores([".next/**", "out/**", "node_modules/**", "next-env.d.ts", "src/types/*.gen.ts"]),
  {
    // One-way imports: app -> features -> lib. Features never import the app
    // or each other; shared code never imports features.
    files: ["src/features/auth/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["@/app/*", "@/features/account/*", "@/features/mfa/*"] }],
    },
  },
  {
    files: ["src/features/account/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["@/app/*", "@/features/auth/*", "@/features/mfa/*"] }],
    },
  },
  {
    files: ["src/features/mfa/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["@/app/*", "@/features/auth/*", "@/features/account/*"] }],
    },
  },
  {
    files: ["src/lib/**", "src/components/**", "src/stores/**", "src/types/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["@/app/*", "@/features/*"] }],
    },
  },
]);
