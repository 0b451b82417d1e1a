import type { ComponentType } from 'react';
import type { Role } from '../gql/graphql';
import type { MessageKey } from '../i18n/en';
import { AccessLogPage } from './access-log';
import { AgreementDraftPage } from './agreement-draft';
import { AgreementsPage } from './agreements';
import { CompliancePage } from './compliance';
import { ExplainPage } from './explain';
import { HomePage } from './home';
import { MatchReviewPage } from './match-review';
import { NotificationsPage } from './notifications';
import { PeoplePage, YoungPersonPage } from './people';
import { SplitPage, SplitStartPage } from './split';
import { SubjectAccessPage, SubjectAccessStartPage } from './subject-access';
import { TransfersPage } from './transfers';
import { ResolvePage, WorklistPage } from './worklist';

/** One page of the console: its path (`:id` is a parameter), who it is for, and its navigation entry. */
export interface Route {
  path: string;
  page: ComponentType<{ params: Record<string, string> }>;
  roles: readonly Role[] | 'any';
  nav?: MessageKey;
  /** The home page's one-line description. */
  summary?: MessageKey;
}

const EPC: readonly Role[] = ['EPC', 'ADMIN'];
const IG: readonly Role[] = ['IG_OFFICER', 'ADMIN'];
// Drop-out notifications: EPCs read those the rules release; Careers Wales advisers work the queue.
const NOTIFICATIONS: readonly Role[] = ['EPC', 'CW_ADVISER', 'ADMIN'];
// The compliance report is for the roles that may read it (roles.policy.ts): Careers Wales and analysts.
const REPORTS: readonly Role[] = ['CW_ADVISER', 'ANALYST', 'ADMIN'];

/**
 * Every page, in navigation order. Pages come as their APIs land: lead-worker, caseload and early-identification
 * pages slot in here the same way.
 */
export const ROUTES: readonly Route[] = [
  { path: '', page: HomePage, roles: 'any', nav: 'nav.home' },
  { path: 'worklist', page: WorklistPage, roles: EPC, nav: 'nav.worklist', summary: 'home.worklistText' },
  { path: 'worklist/:id', page: ResolvePage, roles: EPC },
  { path: 'match-review', page: MatchReviewPage, roles: EPC, nav: 'nav.matchReview', summary: 'home.matchReviewText' },
  { path: 'match-review/split', page: SplitStartPage, roles: EPC },
  { path: 'match-review/split/:id', page: SplitPage, roles: EPC },
  { path: 'people', page: PeoplePage, roles: EPC, nav: 'nav.people', summary: 'home.peopleText' },
  { path: 'people/:id', page: YoungPersonPage, roles: EPC },
  { path: 'transfers', page: TransfersPage, roles: EPC, nav: 'nav.transfers', summary: 'home.transfersText' },
  { path: 'notifications', page: NotificationsPage, roles: NOTIFICATIONS, nav: 'nav.notifications', summary: 'home.notificationsText' },
  { path: 'compliance', page: CompliancePage, roles: REPORTS, nav: 'nav.compliance', summary: 'home.complianceText' },
  { path: 'access-log', page: AccessLogPage, roles: IG, nav: 'nav.accessLog', summary: 'home.accessLogText' },
  { path: 'explain', page: ExplainPage, roles: IG, nav: 'nav.explain', summary: 'home.explainText' },
  { path: 'agreements', page: AgreementsPage, roles: IG, nav: 'nav.agreements', summary: 'home.agreementsText' },
  { path: 'agreements/new', page: AgreementDraftPage, roles: IG },
  { path: 'subject-access', page: SubjectAccessStartPage, roles: IG, nav: 'nav.subjectAccess', summary: 'home.subjectAccessText' },
  { path: 'subject-access/:id', page: SubjectAccessPage, roles: IG },
];

/** The route of a path and its parameters, or null. */
export function matchRoute(path: string): { route: Route; params: Record<string, string> } | null {
  const parts = path.split('/').filter(Boolean);
  for (const route of ROUTES) {
    const pattern = route.path.split('/').filter(Boolean);
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = pattern.every((p, i) => {
      const part = decodeURIComponent(parts[i]!);
      if (p.startsWith(':')) {
        params[p.slice(1)] = part;
        return true;
      }
      return p === part;
    });
    if (ok) return { route, params };
  }
  return null;
}
