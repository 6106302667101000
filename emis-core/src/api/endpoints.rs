//! Every endpoint emis calls, in one table: method, path template (after the `/v1` prefix, or
//! absolute for SIMPEG), whether it needs a token, and whether its shape was *observed* in
//! public EMIS clients or *assumed* by us (see docs/api.md).

use crate::transport::Method;

/// Which base URL an endpoint lives under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// EMIS API base + prefix (`/v1`).
    Emis,
    /// SIMPEG (PINTAR) base.
    Simpeg,
    /// EMIS GTK (the cookie-session web app with the "preview SIMPEG" page).
    Gtk,
}

/// One endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint {
    /// Stable name (used in errors and logs).
    pub name: &'static str,
    /// Method.
    pub method: Method,
    /// Path template; `{id}` is filled per call.
    pub path: &'static str,
    /// Which base.
    pub base: Base,
    /// Sends the Bearer token.
    pub auth: bool,
    /// Seen in public EMIS clients (true) or our assumption (false).
    pub observed: bool,
    /// A sync cannot go on without it (login, the santri list): its 403/404/405 is an error.
    /// Every other endpoint that answers so is reported as unsupported and the sync goes on.
    pub essential: bool,
}

const fn ep(name: &'static str, method: Method, path: &'static str, auth: bool, observed: bool) -> Endpoint {
    Endpoint {
        name,
        method,
        path,
        base: Base::Emis,
        auth,
        observed,
        essential: false,
    }
}

const fn essential(e: Endpoint) -> Endpoint {
    Endpoint { essential: true, ..e }
}

use Method::{Get, Post};

/// Operator login (form `email`, `password`).
pub const LOGIN: Endpoint = essential(ep("login", Post, "/accounts/login", false, true));
/// Partner login (form `public_key`, `private_key`).
pub const PARTNER_LOGIN: Endpoint = essential(ep("partners_login", Post, "/accounts/partners-login", false, true));
/// Token refresh.
pub const REFRESH: Endpoint = essential(ep("refresh", Post, "/accounts/refresh", true, true));
/// Lembaga by statistic number.
pub const LEMBAGA_INFO: Endpoint = ep("lembaga_info", Get, "/institutions/info", true, true);
/// Lembaga profile tables.
pub const LEMBAGA_PROFILE: Endpoint = ep(
    "lembaga_profile",
    Get,
    "/institutions/pontren/public/institution-data-info",
    true,
    true,
);
/// Period reference list.
pub const PERIODS: Endpoint = ep("periods", Get, "/references/academic-years", true, false);
/// Santri of the logged-in lembaga.
pub const SANTRI_LIST: Endpoint = essential(ep(
    "santri_list",
    Get,
    "/students/pontrens/institution/student-list",
    true,
    true,
));
/// Santri detail by (encrypted) id.
pub const SANTRI_DETAIL: Endpoint = ep("santri_detail", Get, "/students/pontrens/students/{id}", true, true);
/// Santri search by name + birth date/place.
pub const SANTRI_SEARCH: Endpoint = ep(
    "santri_search",
    Get,
    "/students/pontrens/student-ppdb-search",
    true,
    true,
);
/// Creates one santri (multipart, `is_pontren=1`; one per request, as public clients do).
pub const SANTRI_CREATE: Endpoint = ep("santri_create", Post, "/students/ppdb", true, true);
/// Updates one santri. Nothing public shows the real request: the default (multipart POST with
/// `_method=PUT`) is an assumption, and `EmisConfig::update` changes it.
pub const SANTRI_UPDATE: Endpoint = ep("santri_update", Post, "/students/ppdb/{id}", true, false);
/// Santri batch writes (extended profile only).
pub const SANTRI_BATCH: Endpoint = ep("santri_batch", Post, "/students/pontrens/batch", true, false);
/// GTK list.
pub const GTK_LIST: Endpoint = ep("gtk_list", Get, "/personnels/partners/personnels", true, true);
/// GTK batch writes.
pub const GTK_BATCH: Endpoint = ep("gtk_batch", Post, "/personnels/pontrens/batch", true, false);
/// Queue a sync job.
pub const SYNC_JOB_START: Endpoint = ep("sync_job_start", Post, "/sync-jobs", true, false);
/// Poll a sync job.
pub const SYNC_JOB_STATUS: Endpoint = ep("sync_job_status", Get, "/sync-jobs/{id}", true, false);
/// Register a pengelola account.
pub const REGISTER: Endpoint = ep("register", Post, "/accounts/registrations", false, false);
/// Poll a registration.
pub const REGISTRATION_STATUS: Endpoint = ep("registration_status", Get, "/accounts/registrations/{id}", false, false);
/// SIMPEG lookup by NIP.
pub const SIMPEG_CEK_NIP: Endpoint = Endpoint {
    name: "simpeg_cek_nip",
    method: Post,
    path: "/api/v1/cek_nip",
    base: Base::Simpeg,
    auth: true,
    observed: true,
    essential: false,
};
/// EMIS GTK "preview SIMPEG" (cookie session; compares name and birth date).
pub const SIMPEG_PREVIEW: Endpoint = Endpoint {
    name: "simpeg_preview",
    method: Get,
    path: "/kepegawaian/verval-kepegawaian/ptk/asn/preview-simpeg/",
    base: Base::Gtk,
    auth: false,
    observed: true,
    essential: false,
};

/// The whole table (docs/api.md lists the same).
pub const ALL: &[Endpoint] = &[
    LOGIN,
    PARTNER_LOGIN,
    REFRESH,
    LEMBAGA_INFO,
    LEMBAGA_PROFILE,
    PERIODS,
    SANTRI_LIST,
    SANTRI_DETAIL,
    SANTRI_SEARCH,
    SANTRI_CREATE,
    SANTRI_UPDATE,
    SANTRI_BATCH,
    GTK_LIST,
    GTK_BATCH,
    SYNC_JOB_START,
    SYNC_JOB_STATUS,
    REGISTER,
    REGISTRATION_STATUS,
    SIMPEG_CEK_NIP,
    SIMPEG_PREVIEW,
];
