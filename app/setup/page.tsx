import { notFound } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SetupForm } from "@/components/auth/setup-form";
import { hasAnyUser } from "@/lib/auth/users";
import { orUnavailablePage } from "@/lib/db/page-guard";

export const dynamic = "force-dynamic";
export const metadata = { title: "Set up" };

/** First run only: creates the owner of the first team. Answers 404 once any user exists. */
export default async function SetupPage() {
  if (await orUnavailablePage(hasAnyUser)) notFound();
  return (
    <AuthCard title="Welcome to Clusterdeck" subtitle="Create the first account. It becomes the owner of the first team and can always sign in with its password.">
      <SetupForm />
    </AuthCard>
  );
}
