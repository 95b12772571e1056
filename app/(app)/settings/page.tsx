import { GroupMappingsSection } from "@/components/auth/settings/group-mappings";
import { InvitationsSection } from "@/components/auth/settings/invitations";
import { MembersSection } from "@/components/auth/settings/members";
import { PasswordChangeForm } from "@/components/auth/settings/password";
import { ProfileForm } from "@/components/auth/settings/profile";
import { Section } from "@/components/auth/settings/shared";
import { SignInMethodsSection } from "@/components/auth/settings/sign-in-methods";
import { TokensSection } from "@/components/auth/settings/tokens";
import { PrivateNetworksSection } from "@/components/connections/private-networks";
import { PageHeader } from "@/components/ui/page-header";
import { ssoProviders } from "@/lib/auth/options";
import { can } from "@/lib/auth/roles";
import { requirePageActor } from "@/lib/auth/server";
import { listTokens } from "@/lib/auth/tokens";
import { hasPassword } from "@/lib/auth/users";
import { getTeam, listGroupMappings, listInvitations, listMembers } from "@/lib/teams";

export const metadata = { title: "Settings" };
export const dynamic = "force-dynamic";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export default async function SettingsPage() {
  const actor = await requirePageActor("profile.read");
  const owner = can(actor.role, "members.manage");
  const [tokens, members, team, withPassword] = await Promise.all([listTokens(actor.userId), listMembers(actor.teamId), getTeam(actor.teamId), hasPassword(actor.userId)]);
  const [invitations, mappings] = owner ? await Promise.all([listInvitations(actor.teamId), listGroupMappings(actor.teamId)]) : [[], []];
  return (
    <>
      <PageHeader title="Settings" description={`${actor.teamName} · you are ${actor.role}`} />
      <Section id="profile" title="Profile">
        <ProfileForm name={actor.name} email={actor.email} />
      </Section>
      {withPassword && (
        <Section id="password" title="Password">
          <PasswordChangeForm />
        </Section>
      )}
      <Section id="tokens" title="API tokens" description="Personal tokens for automation: send Authorization: Bearer cdk_… They act as you, in this team, with your role.">
        <p className="mb-3 text-sm">
          The API is described by its{" "}
          <a href="/api/v1/openapi.json" className="text-brand-600 underline" data-testid="openapi-link">
            OpenAPI document
          </a>{" "}
          (examples in docs/api.md).
        </p>
        <TokensSection tokens={tokens.map((t) => ({ id: t.id, name: t.name, prefix: t.prefix, createdAt: t.createdAt.toISOString(), lastUsedAt: iso(t.lastUsedAt), expiresAt: iso(t.expiresAt) }))} />
      </Section>
      <Section id="members" title="Team members" description={owner ? "Change roles, remove members, invite people." : undefined}>
        <MembersSection members={members.map((m) => ({ id: m.id, email: m.email, name: m.name, role: m.role, source: m.source }))} canManage={owner} selfEmail={actor.email} />
      </Section>
      <Section id="private-networks" title="Private networks for Kubernetes API connections" description="API servers on private networks are reached only where listed here.">
        <PrivateNetworksSection networks={team.kubernetesNetworks} canEdit={owner} />
      </Section>
      {owner && (
        <>
          <Section id="invitations" title="Invitations">
            <InvitationsSection invitations={invitations.map((i) => ({ id: i.id, email: i.email, role: i.role, expiresAt: i.expiresAt.toISOString() }))} />
          </Section>
          <Section id="groups" title="SSO group mappings" description="Members of these identity provider groups join this team with the role given, at every single sign-on; leaving the group removes that access at their next sign-in.">
            <GroupMappingsSection mappings={mappings.map((m) => ({ id: m.id, group: m.group, role: m.role }))} />
          </Section>
          <Section id="signin" title="Sign-in methods">
            <SignInMethodsSection passwordLoginEnabled={team.passwordLoginEnabled} ssoNames={ssoProviders().map((p) => p.name)} />
          </Section>
        </>
      )}
    </>
  );
}
