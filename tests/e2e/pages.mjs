// Every page type the browser tests visit: axe (WCAG 2.2 AA), the page
// budgets (60 KB uncompressed, a 10 KB first visit, a 5 KB repeat visit), the
// slow-4G check, keyboard focus and screenshots all walk this list, in both
// languages.
//
// To add a page, add ONE line:
//   name    short name, used in test titles and screenshot files
//   path    with {lang} where the language prefix goes ('/{lang}/courses');
//           a path without {lang} is a language-neutral page, visited once;
//           {thread}, {post}, {person}, {signoff}: ids of the test database
//           that tests/e2e/run looks up (or sets up) and exports, see below
//   status  the HTTP status expected (default 200)
//   as      (accounts, issue 3) the demo role to sign in as first: 'learner',
//           'trainer', 'moderator' or 'admin'; lib.mjs signs in when set
//   only    'cy' or 'en' to visit one language only (rare)
//
// Keep paths that need data pointed at demo data ./ops/run seeds (courses,
// issue 4: e.g. { name: 'course', path: '/{lang}/courses/<a seeded slug>' }).
export const pageTypes = [
  { name: 'choose', path: '/' },
  { name: 'home', path: '/{lang}/' },
  { name: 'courses', path: '/{lang}/courses' },
  { name: 'webinars', path: '/{lang}/webinars' },
  { name: 'communities', path: '/{lang}/communities' },
  { name: 'not-found', path: '/{lang}/dim-tudalen-yma', status: 404 },
  { name: 'bad-request', path: '/{lang}/%ff', status: 400 },
  { name: 'course', path: '/{lang}/courses/agile-foundations' },
  { name: 'course-cohorts', path: '/{lang}/courses/delivery-management', as: 'learner' },
  { name: 'my-learning', path: '/{lang}/me', as: 'learner' },
  { name: 'certificate-check', path: '/{lang}/certificates' },
  { name: 'certificate-unknown', path: '/{lang}/certificates/ZZZZZZZZZZZZ', status: 404 },
  // catalogue (issue 4): search with filters, a bad filter (400 with the error
  // summary), the pathways list, a seeded pathway anonymous and signed in
  { name: 'courses-search', path: '/{lang}/courses?q=data&level=awareness' },
  { name: 'courses-bad-filter', path: '/{lang}/courses?role=dim-rol', status: 400 },
  { name: 'pathways', path: '/{lang}/pathways' },
  { name: 'pathway', path: '/{lang}/pathways/bilingual-services' },
  { name: 'pathway-learner', path: '/{lang}/pathways/bilingual-services', as: 'learner' },
  // lessons (issue 4): a lesson of a course the demo learner is not on (the
  // seed enrols it on e-learning courses only); journey.test.mjs covers the
  // lesson and certificate pages of a learner who is on the course
  { name: 'lesson-not-enrolled', path: '/{lang}/courses/service-design/lessons/1', as: 'learner', status: 403 },
  { name: 'lesson', path: '/{lang}/courses/agile-foundations/lessons/1', as: 'learner' },
  // trainer (issue 20): the trainer's cohorts (the demo seed gives two); the
  // cohort page and the attendance form are on journey-trainer.test.mjs
  { name: 'trainer-cohorts', path: '/{lang}/trainer/cohorts', as: 'trainer' },
  // personal API tokens (issue 20): the list and the form; a token made and
  // shown is on journey-trainer.test.mjs
  { name: 'account-tokens', path: '/{lang}/account/tokens', as: 'trainer' },
  // webinars (issue 18): a seeded webinar that is full, with people waiting
  { name: 'webinar', path: '/{lang}/webinars/iaith-glir' },
  // communities (issue 19): a community with its threads and next webinars
  { name: 'community', path: '/{lang}/communities/content-design' },
  // signed-in pages of each role (each browser context signs in from an
  // address of its own, lib.mjs newContext, so the sign-in limit holds)
  { name: 'account', path: '/{lang}/account', as: 'learner' },
  { name: 'admin', path: '/{lang}/admin', as: 'admin' },
  { name: 'admin-users', path: '/{lang}/admin/users', as: 'admin' },
  { name: 'webinar-new', path: '/{lang}/manage/webinars/new', as: 'trainer' },
  { name: 'moderation', path: '/{lang}/moderation', as: 'moderator' },
  // communities (issue 19): the forums' search with results, a reader's notifications
  { name: 'forum-search', path: '/{lang}/search/communities?q=ffurflenni' },
  { name: 'notifications', path: '/{lang}/notifications', as: 'learner' },
  // e-mail verification and the unlock e-mail (issue 23): the learner's
  // (confirmed) address page, and links that no longer work (410)
  { name: 'verify-status', path: '/{lang}/account/verify', as: 'learner' },
  { name: 'verify-link-invalid', path: '/{lang}/account/verify/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', status: 410 },
  { name: 'unlock-link-invalid', path: '/{lang}/login/unlock/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', status: 410 },
  // apprenticeships (issue 21): the admin list of schemes and apprentices, the
  // enrolment form, and the record page as the seeded apprentice on a break
  // sees it (with its status history); journey-apprenticeships.test.mjs
  // covers the admin's view of a record
  { name: 'apprenticeships-admin', path: '/{lang}/admin/apprenticeships', as: 'admin' },
  { name: 'apprenticeships-due-admin', path: '/{lang}/admin/apprentice-reviews', as: 'admin' },
  { name: 'apprenticeships-enrol', path: '/{lang}/admin/apprentices/new', as: 'admin' },
  { name: 'apprenticeship-record', path: '/{lang}/me/apprenticeship', as: 'apprentice3' },
  // Welsh search (issue 25): a mutated word, and a search that found nothing
  // with its "did you mean" link
  { name: 'courses-search-mutated', path: '/{lang}/courses?q=wasanaethau' },
  { name: 'courses-did-you-mean', path: '/{lang}/courses?q=hygyrchdd' },
  // trainer (issue 20, managing cohorts): a course's admin page with its cohort
  // table and the new cohort form; the cohort's admin page, the session and
  // message forms are on journey-trainer.test.mjs
  { name: 'admin-course', path: '/{lang}/admin/courses/agile-foundations', as: 'admin' },
  { name: 'cohort-new', path: '/{lang}/admin/courses/agile-foundations/cohorts/new', as: 'admin' },
  // apprenticeships: the hours log and reviews (an apprentice in learning sees
  // the log form, the entries and a review to sign off), and the trainer's
  // list of reviews due and hours to approve
  { name: 'apprenticeship-hours', path: '/{lang}/me/apprenticeship', as: 'apprentice1' },
  // the whole hours log, a page at a time (issue 22: the record shows the newest 20)
  { name: 'apprenticeship-log', path: '/{lang}/me/apprenticeship/hours', as: 'apprentice1' },
  { name: 'apprenticeships-due', path: '/{lang}/trainer/apprentice-reviews', as: 'trainer' },
  // pages behind ids that differ from one test database to the next, and a
  // one-time link (tests/e2e/run sets them up: {thread} and so on below): the
  // demo thread, its writer's page, the writer editing its first post, the
  // moderator's history of that post, and an employer's sign-off of a review
  { name: 'thread', path: '/{lang}/threads/{thread}' },
  { name: 'person', path: '/{lang}/people/{person}' },
  { name: 'post-edit', path: '/{lang}/posts/{post}/edit', as: 'trainer' },
  { name: 'post-history', path: '/{lang}/posts/{post}/history', as: 'moderator' },
  { name: 'employer-review', path: '/{lang}/employer-review/{signoff}' },
  // apprenticeships (issue 22, apprspeed): the new scheme form, which lists
  // only the scheme's own admins and trainers and adds one by e-mail address
  { name: 'apprenticeship-scheme-new', path: '/{lang}/admin/apprenticeship-schemes/new', as: 'admin' },
  { name: 'apprenticeship-schemes', path: '/{lang}/admin/apprenticeship-schemes', as: 'admin' },
];

// What tests/e2e/run exports for the paths above (DYSGU_E2E_FIXTURES, JSON):
// the demo thread's id, its first post's, its writer's, the sign-off token.
const fixtures = JSON.parse(process.env.DYSGU_E2E_FIXTURES || '{}');

function resolve(path) {
  return path.replace(/\{(thread|post|person|signoff)\}/g, (_, key) => {
    if (!fixtures[key]) {
      throw new Error(`pages.mjs: ${path} needs {${key}}: run the specs through tests/e2e/run`);
    }
    return fixtures[key];
  });
}

export const langs = ['cy', 'en'];

// Every (page type, language) pair: { id, name, lang, path, status, as }.
// Language-neutral pages get lang null.
export function pages() {
  const out = [];
  for (const t of pageTypes) {
    const status = t.status ?? 200;
    if (!t.path.includes('{lang}')) {
      out.push({ ...t, id: t.name, lang: null, status, path: resolve(t.path) });
      continue;
    }
    for (const lang of t.only ? [t.only] : langs) {
      out.push({ ...t, id: `${t.name}-${lang}`, lang, status, path: resolve(t.path.replaceAll('{lang}', lang)) });
    }
  }
  return out;
}
