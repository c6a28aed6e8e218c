import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const FEATURES = ["auth", "account", "mfa", "passkeys", "providers", "admin"];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  // Generated from the API's OpenAPI document (scripts/api-types.mjs).
  globalIgnores([".next/**", "out/**", "node_modules/**", "next-env.d.ts", "src/types/*.gen.ts"]),
  // One-way imports: app -> features -> lib. Features never import the app
  // or each other; shared code never imports features.
  ...FEATURES.map((feature) => ({
    files: [`src/features/${feature}/**`],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: ["@/app/*", ...FEATURES.filter((other) => other !== feature).map((other) => `@/features/${other}/*`)] },
      ],
    },
  })),
  {
    files: ["src/lib/**", "src/components/**", "src/stores/**", "src/types/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["@/app/*", "@/features/*"] }],
    },
  },
]);
