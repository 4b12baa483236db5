/**
 * Whether an account belongs to our organization, asked of AWS Organizations before the Config
 * rule assumes any role in it. Config of any account may invoke the function (a Lambda permission
 * for a service principal cannot name an organization): an event of an account outside ours is
 * refused here, before the hub inventory or a role of ours is used on its behalf.
 */
import { DescribeAccountCommand, type OrganizationsClient } from '@aws-sdk/client-organizations';
import { errorCode } from '../collect/log.js';

/** The event's account is not one of the organization's: refused, counted, never retried. */
export class OutsideOrganization extends Error {
  override readonly name = 'OutsideOrganization';
}

/** Answers kept per warm container: a burst of change events of one account asks once. */
const KEEP_MS = 15 * 60_000;
const answers = new Map<string, { member: boolean; until: number }>();

/** DescribeAccount answers for accounts of the caller's organization; its ARN names the organization. */
async function isMember(
  organizations: OrganizationsClient,
  organizationId: string,
  accountId: string,
): Promise<boolean> {
  try {
    const answer = await organizations.send(new DescribeAccountCommand({ AccountId: accountId }));
    // arn:aws:organizations::<management account>:account/<organization id>/<account id>
    return answer.Account?.Arn?.split('/')[1] === organizationId;
  } catch (error) {
    if (errorCode(error) === 'AccountNotFoundException') return false;
    throw error;
  }
}

export async function requireOrganizationMember(
  organizations: OrganizationsClient,
  organizationId: string,
  accountId: string,
  now = Date.now(),
): Promise<void> {
  const kept = answers.get(`${organizationId}/${accountId}`);
  const member =
    kept !== undefined && kept.until > now
      ? kept.member
      : await isMember(organizations, organizationId, accountId);
  answers.set(`${organizationId}/${accountId}`, { member, until: now + KEEP_MS });
  if (!member)
    throw new OutsideOrganization(
      `${accountId} is not an account of organization ${organizationId}: its Config event is refused before any role is assumed`,
    );
}
