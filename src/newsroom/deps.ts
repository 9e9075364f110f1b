import type { NewsServices } from '../news/services.js';
import type { Mailer } from '../platform/mail/mailer.js';

/** What every newsroom route plugin is given: registerNewsroom (newsroom.tsx) passes it to each. */
export interface NewsroomDeps {
  services: NewsServices;
  secureCookies: boolean;
  /** SITE_URL, for absolute links handed out of the newsroom (invitations, password links). */
  siteUrl: string;
  /** Null when email is off (no SMTP_URL). */
  mailer: Mailer | null;
}
