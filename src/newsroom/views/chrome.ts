/** What every newsroom page needs around its content: plain data, gathered per request by render.tsx. */
export interface NewsroomChrome {
  siteCss: string;
  newsroomCss: string;
  icon: string;
  /** The signed-in user, or null on the sign-in page and "please sign in" pages. */
  staff: { displayName: string; roleLabel: string } | null;
  /** For the sign-out form in the header (empty when nobody is signed in). */
  csrfToken: string;
  /** Links shown in the header, already filtered by what the user may do. */
  nav: { href: string; label: string }[];
  /** The current path, to mark the current link. */
  path: string;
}
