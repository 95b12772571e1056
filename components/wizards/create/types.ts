/** a connection the create wizard offers (the page reads them on the server: lib/operations/wizard.ts) */
export interface WizardConnectionOption {
  id: string;
  name: string;
  provider: string;
  providerName: string;
  scopeLabel: string;
  defaultScope: string | null;
  demo: boolean;
}
