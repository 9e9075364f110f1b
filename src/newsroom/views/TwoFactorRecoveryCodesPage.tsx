import type { NewsroomChrome } from './chrome.js';
import { NewsroomLayout } from './NewsroomLayout.js';
import { Notice } from './Notice.js';

/** The recovery codes, shown once: right after two-factor sign-in is turned on, or new codes are made. */
export function TwoFactorRecoveryCodesPage(props: { chrome: NewsroomChrome; codes: string[]; justEnabled: boolean }) {
  const asText = `Recovery codes for two-factor sign-in. Each works once.\n\n${props.codes.join('\n')}\n`;
  return (
    <NewsroomLayout chrome={props.chrome} title="Your recovery codes">
      <h1>Your recovery codes</h1>
      <Notice kind="ok">{props.justEnabled ? 'Two-factor sign-in is on.' : 'You have new recovery codes. The old ones no longer work.'}</Notice>
      <p>
        If you lose your phone, sign in with one of these codes instead of the 6-digit one. Each works once. Save them now in a password manager or print them:{' '}
        <strong>they are shown only this once</strong>.
      </p>
      <ol class="nr-recovery-codes">
        {props.codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <ul class="nr-links">
        <li>
          <a href={`data:text/plain;charset=utf-8,${encodeURIComponent(asText)}`} download="recovery-codes.txt">
            Download them as a text file
          </a>
        </li>
        <li>
          <a href="/newsroom/account/two-factor">I have saved them: back to Account security</a>
        </li>
      </ul>
    </NewsroomLayout>
  );
}
