/*
 * The demo webinars (dysgu seed-demo): a dozen upcoming and past across the
 * six communities, some in Welsh, one bilingual with interpretation, one for
 * elected members, and one full with people waiting (the demo accounts).
 * The speakers and their organisations are fictional; their roles are DDaT
 * roles. Idempotent: rows are keyed by slug, by (webinar, position) and by
 * (webinar, person); a speaker already there is left as it is.
 */
#include <stddef.h>

#include "core/log.h"
#include "webinars/webinars_impl.h"

struct seed {
    const char *slug, *community, *title_cy, *title_en, *summary_cy, *summary_en, *speaker;
    const char *language;
    int interpretation, members, days, hour, capacity;
};

static const struct seed seeds[] = {
    { "cyflwyno-gwasanaethau-dwyieithog", "building-bilingual-services",
      "Cynllunio gwasanaethau dwyieithog o'r dechrau",
      "Designing bilingual services from the start",
      "Sut i gynllunio gwasanaeth sy'n gweithio cystal yn Gymraeg ag yn Saesneg.",
      "How to plan a service that works as well in Welsh as in English.", "Non Prydderch", "cy", 0,
      0, 9, 10, 120 },
    { "ymchwil-defnyddwyr-cymraeg", "user-research", "Ymchwil gyda siaradwyr Cymraeg",
      "Research with Welsh speakers",
      "Recriwtio a chynnal sesiynau ymchwil yn Gymraeg, a dadansoddi'r canfyddiadau.",
      "Recruiting for and running research sessions in Welsh, and analysing what you find.",
      "Dr Cadi Llwyd", "both", 1, 0, 14, 14, 200 },
    { "iaith-glir", "content-design", "Iaith glir mewn dwy iaith",
      "Plain language in two languages",
      "Ysgrifennu cynnwys clir, heb gyfieithu brawddeg am frawddeg.",
      "Writing clear content without translating sentence by sentence.", "Tomos Elwyn", "cy", 0, 0,
      21, 11, 2 },
    { "mapio-gwasanaeth", "service-design", "Mapio gwasanaeth o'r dechrau i'r diwedd",
      "Mapping a service end to end", "Mapio taith defnyddiwr ar draws sefydliadau.",
      "Mapping a user's journey across organisations.", "Gwenllian Morus", "en", 0, 0, 28, 10,
      150 },
    { "hygyrchedd-ymarferol", "designing-digital-experiences", "Hygyrchedd yn ymarferol",
      "Accessibility in practice", "Profi gwasanaeth gyda darllenydd sgrin a bysellfwrdd.",
      "Testing a service with a screen reader and a keyboard.", "Rhodri Tudur", "en", 0, 0, 35, 13,
      100 },
    { "ai-i-aelodau-etholedig", "automation-and-ai", "Deallusrwydd artiffisial: briff i aelodau",
      "Artificial intelligence: a briefing for members",
      "Beth y dylai aelodau etholedig ei ofyn cyn cymeradwyo gwasanaeth sy'n defnyddio AI.",
      "What elected members should ask before approving a service that uses AI.", "Megan Glyn",
      "both", 1, 1, 42, 18, 80 },
    { "awtomeiddio-prosesau", "automation-and-ai", "Awtomeiddio prosesau'n ddiogel",
      "Automating processes safely", "Dewis beth i'w awtomeiddio, a beth i'w adael i bobl.",
      "Choosing what to automate, and what to leave to people.", "Ifan Rowlands", "en", 0, 0, 56,
      10, 120 },
    { "cynnwys-ar-gyfer-ffonau", "content-design", "Cynnwys ar gyfer sgriniau bach",
      "Content for small screens", "Ysgrifennu ar gyfer pobl sy'n darllen ar eu ffôn.",
      "Writing for people who read on their phones.", "Lowri Haf", "cy", 0, 0, 63, 12, 150 },
    /* the past ones */
    { "dysgu-o-wasanaethau-byw", "service-design", "Dysgu o wasanaethau byw",
      "Learning from live services", "Defnyddio data a sylwadau i wella gwasanaeth.",
      "Using data and feedback to improve a service.", "Aled Pennant", "en", 0, 0, -14, 10, 100 },
    { "safonau-gwasanaeth", "building-bilingual-services",
      "Safonau'r Gymraeg a gwasanaethau digidol", "Welsh language standards and digital services",
      "Beth mae'r safonau'n ei ddisgwyl gan wasanaethau ar-lein.",
      "What the standards expect of online services.", "Elen Rhys", "cy", 0, 0, -30, 14, 100 },
    { "ymchwil-gyda-phlant", "user-research", "Ymchwil gyda phlant a phobl ifanc",
      "Research with children and young people", "Caniatâd, diogelu a dulliau addas.",
      "Consent, safeguarding and methods that suit.", "Mari Dafydd", "both", 1, 0, -45, 11, 80 },
    { "systemau-dylunio", "designing-digital-experiences", "Systemau dylunio ar gyfer Cymru",
      "Design systems for Wales", "Rhannu patrymau rhwng sefydliadau.",
      "Sharing patterns between organisations.", "Huw Owain", "en", 0, 0, -60, 15, 120 },
};

/* The speakers, in order; the first of each webinar is its seed's speaker. */
struct seed_speaker {
    const char *slug;
    int position;
    const char *name, *role_cy, *role_en, *organisation, *bio_cy, *bio_en;
};

static const struct seed_speaker speakers[] = {
    { "cyflwyno-gwasanaethau-dwyieithog", 1, "Non Prydderch", "Pennaeth dylunio cynnwys",
      "Head of content design", "Cyngor Sir Glanyrafon",
      "Mae Non yn arwain tîm sy'n ysgrifennu gwasanaethau'r cyngor yn Gymraeg ac yn Saesneg.\n\n"
      "Cyn hynny bu'n gyfieithydd am ddeng mlynedd.",
      "Non leads a team that writes the council's services in Welsh and English.\n\n"
      "Before that she was a translator for ten years." },
    { "cyflwyno-gwasanaethau-dwyieithog", 2, "Iwan Caradog", "Dylunydd gwasanaethau",
      "Service designer", "Cyngor Sir Glanyrafon",
      "Mae Iwan yn dylunio gwasanaethau sy'n dechrau'n ddwyieithog.",
      "Iwan designs services that are bilingual from the start." },
    { "ymchwil-defnyddwyr-cymraeg", 1, "Dr Cadi Llwyd", "Ymchwilydd defnyddwyr arweiniol",
      "Lead user researcher", "Bwrdd Iechyd Prifysgol Bro'r Dyffryn",
      "Mae Cadi wedi cynnal cannoedd o sesiynau ymchwil yn Gymraeg.",
      "Cadi has run hundreds of research sessions in Welsh." },
    { "ymchwil-defnyddwyr-cymraeg", 2, "Sam Tudor", "Ymchwilydd defnyddwyr", "User researcher",
      "Bwrdd Iechyd Prifysgol Bro'r Dyffryn",
      "Mae Sam yn recriwtio pobl ar gyfer ymchwil yn y ddwy iaith.",
      "Sam recruits people for research in both languages." },
    { "iaith-glir", 1, "Tomos Elwyn", "Dylunydd cynnwys", "Content designer",
      "Gwasanaeth Digidol Glanyrafon", "", "" },
    { "mapio-gwasanaeth", 1, "Gwenllian Morus", "Dylunydd gwasanaethau arweiniol",
      "Lead service designer", "Gwasanaeth Digidol Glanyrafon", "", "" },
    { "hygyrchedd-ymarferol", 1, "Rhodri Tudur", "Arbenigwr hygyrchedd", "Accessibility specialist",
      "Cyngor Sir Glanyrafon", "", "" },
    { "ai-i-aelodau-etholedig", 1, "Megan Glyn", "Pennaeth data", "Head of data",
      "Cyngor Sir Glanyrafon", "", "" },
    { "ai-i-aelodau-etholedig", 2, "Cynghorydd Dewi Prys", "Aelod cabinet dros wasanaethau digidol",
      "Cabinet member for digital services", "Cyngor Sir Glanyrafon", "", "" },
    { "awtomeiddio-prosesau", 1, "Ifan Rowlands", "Datblygwr meddalwedd", "Software developer",
      "Gwasanaeth Digidol Glanyrafon", "", "" },
    { "cynnwys-ar-gyfer-ffonau", 1, "Lowri Haf", "Dylunydd cynnwys", "Content designer",
      "Bwrdd Iechyd Prifysgol Bro'r Dyffryn", "", "" },
    { "dysgu-o-wasanaethau-byw", 1, "Aled Pennant", "Dadansoddwr perfformiad",
      "Performance analyst", "Gwasanaeth Digidol Glanyrafon", "", "" },
    { "safonau-gwasanaeth", 1, "Elen Rhys", "Swyddog safonau'r Gymraeg",
      "Welsh language standards officer", "Cyngor Sir Glanyrafon", "", "" },
    { "ymchwil-gyda-phlant", 1, "Mari Dafydd", "Ymchwilydd defnyddwyr", "User researcher",
      "Bwrdd Iechyd Prifysgol Bro'r Dyffryn", "", "" },
    { "systemau-dylunio", 1, "Huw Owain", "Dylunydd rhyngweithio", "Interaction designer",
      "Gwasanaeth Digidol Glanyrafon", "", "" },
};

static const char *const sql_webinar =
    "INSERT IGNORE INTO webinars (slug, community_id, title_cy, title_en, summary_cy, summary_en, "
    "speaker, language, interpretation, audience, starts_at, capacity) SELECT ?, c.id, ?, ?, ?, "
    "?, ?, ?, ?, IF(?, 'members', 'all'), DATE(UTC_TIMESTAMP()) + INTERVAL ? DAY + INTERVAL ? "
    "HOUR, ? FROM communities c WHERE c.slug = ?";

static const char *const sql_speaker =
    "INSERT IGNORE INTO webinar_speakers (webinar_id, position, name, role_cy, role_en, "
    "organisation, bio_cy, bio_en) SELECT w.id, ?, ?, ?, ?, ?, ?, ? FROM webinars w WHERE "
    "w.slug = ?";

static const char *const sql_names =
    "UPDATE webinars w SET w.speaker = " WEBINAR_SPEAKER_NAMES("w.id") " WHERE w.slug = ?";

/* the full one: the first two demo accounts hold its seats, the others wait */
static const char *const sql_people =
    "INSERT IGNORE INTO webinar_registrations (webinar_id, user_id, status, registered_at, "
    "waitlisted_at) SELECT w.id, u.id, IF(u.email IN ('trainer@dysgu.example', "
    "'moderator@dysgu.example'), 'registered', 'waitlisted'), UTC_TIMESTAMP(), "
    "UTC_TIMESTAMP() + INTERVAL u.id SECOND FROM webinars w JOIN users u ON u.email IN "
    "('trainer@dysgu.example', 'moderator@dysgu.example', 'learner@dysgu.example', "
    "'admin@dysgu.example') WHERE w.slug = 'iaith-glir'";

static const char *const sql_taken =
    "UPDATE webinars w SET taken = (SELECT COUNT(*) FROM webinar_registrations r WHERE "
    "r.webinar_id = w.id AND r.status IN ('registered', 'offered')) WHERE w.slug = 'iaith-glir'";

int webinar_cli_seed(struct db *db)
{
    size_t i;
    enum db_rc rc = DB_OK;

    for (i = 0; rc == DB_OK && i < sizeof(seeds) / sizeof(seeds[0]); i++) {
        const struct seed *s = &seeds[i];

        rc = db_exec(db, sql_webinar, "sssssssbbiiis", s->slug, s->title_cy, s->title_en,
                     s->summary_cy, s->summary_en, s->speaker, s->language, s->interpretation,
                     s->members, s->days, s->hour, s->capacity, s->community);
    }
    for (i = 0; rc == DB_OK && i < sizeof(speakers) / sizeof(speakers[0]); i++) {
        const struct seed_speaker *p = &speakers[i];

        rc = db_exec(db, sql_speaker, "isssssss", p->position, p->name, p->role_cy, p->role_en,
                     p->organisation, p->bio_cy, p->bio_en, p->slug);
        if (rc == DB_OK)
            rc = db_exec(db, sql_names, "s", p->slug);
    }
    if (rc == DB_OK)
        rc = db_exec(db, sql_people, "");
    if (rc == DB_OK)
        rc = db_exec(db, sql_taken, "");
    if (rc != DB_OK) {
        log_error("seeding the demo webinars: %s", db_rc_name(rc));
        return -1;
    }
    log_info("demo webinars: %zu", sizeof(seeds) / sizeof(seeds[0]));
    return 0;
}
