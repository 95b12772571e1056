import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", "lib/db/generated/**", "data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
      // TanStack Table and react-hook-form's watch() are known to be opaque to the React Compiler,
      // which this app does not enable; the hint is noise here.
      "react-hooks/incompatible-library": "off",
    },
  },
  {
    // production code: no function over 80 lines without a reason (an eslint-disable-next-line comment saying why);
    // tests, e2e specs, scripts, simulators and test helpers are not production code.
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts", "**/*.test.tsx", "lib/**/testing/**"],
    rules: { "max-lines-per-function": ["error", { max: 80, skipBlankLines: true, skipComments: true }] },
  },
  {
    // end-to-end specs wait on conditions (expect(...).toBeVisible(), expect.poll, toPass), never fixed sleeps
    files: ["e2e/**/*.ts"],
    rules: {
      "no-restricted-properties": ["error", { property: "waitForTimeout", message: "Wait on a condition (expect(...).toBeVisible(), expect.poll, expect(...).toPass) instead of a fixed sleep." }],
    },
  },
];

export default config;
