/**
 * GENERATED from the backend's OpenAPI document by frontend/scripts/gen-api.mjs: do not edit by hand.
 * Regenerate after changing a route or a schema: `cd frontend && npm run gen:api`.
 * tests/test_api_types.py fails when this file is not what the backend generates now.
 * Hand-written names for these types live in src/types/api.ts.
 */

export interface paths {
  '/api/admin/audit': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Audit Log
     * @description Who viewed, edited, submitted, exported or changed what, newest first; every filter is optional.
     */
    get: operations['audit_log_api_admin_audit_get']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/admin/health': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Admin Health
     * @description Live workers (Celery inspect, with Redis), queue lengths, and queued or running jobs from the database.
     */
    get: operations['admin_health_api_admin_health_get']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/admin/users': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * List Users
     * @description Every account with its role and whether it is active.
     */
    get: operations['list_users_api_admin_users_get']
    put?: never
    /**
     * Create User
     * @description Create an account with an initial password (the password policy: at least 12 characters, not common, not
     *     built from the username).
     */
    post: operations['create_user_api_admin_users_post']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/admin/users/{user_id}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    /**
     * Update User
     * @description Change the role or deactivate / reactivate an account; either ends every session of the account.
     */
    patch: operations['update_user_api_admin_users__user_id__patch']
    trace?: never
  }
  '/api/admin/users/{user_id}/password': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Reset Password
     * @description Set a new password for the account (password policy applies) and end every session of the account.
     */
    post: operations['reset_password_api_admin_users__user_id__password_post']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/annotations/{annotation_id}/mask': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Get Mask
     * @description One stored mask version as gzipped NIfTI.
     */
    get: operations['get_mask_api_annotations__annotation_id__mask_get']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/auth/login': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Login
     * @description Log in with username and password; returns a bearer token and sets a session cookie.
     *
     *     Repeated failures for one account or from one address are answered 429 with ``Retry-After``.
     */
    post: operations['login_api_auth_login_post']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/auth/logout': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Logout
     * @description End this session on the server (its token stops working at once) and clear the session cookie.
     */
    post: operations['logout_api_auth_logout_post']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/auth/me': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Me
     * @description The logged-in user (401 when there is none; a browser asking whether anyone is logged in uses /session).
     */
    get: operations['me_api_auth_me_get']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/auth/password': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Change Password
     * @description Change your own password (the current one is required); every other session of yours ends.
     */
    post: operations['change_password_api_auth_password_post']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/auth/session': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Session State
     * @description Whether anyone is logged in with this request's cookie or token, and who: ``user`` null otherwise.
     *
     *     The web app asks this before it shows anything, logged in or not, so an anonymous visitor is an answer here,
     *     not a 401 the browser would log as a failed resource. A cookie that no longer opens a session is cleared.
     */
    get: operations['session_state_api_auth_session_get']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/auth/sessions': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * My Sessions
     * @description Your live sessions (where and when you are logged in), newest first.
     */
    get: operations['my_sessions_api_auth_sessions_get']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/health': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Health
     * @description Liveness and database reachability; needs no login.
     */
    get: operations['health_api_health_get']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/patients/{patient_id}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Get Patient
     * @description One patient with its volume geometry and what is available to show: ``masks`` says which drawings exist for
     *     the caller (their draft, the accepted version, the prediction) and which one a viewer starts from.
     */
    get: operations['get_patient_api_patients__patient_id__get']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    /**
     * Update Patient
     * @description Move a patient between the pool and the validation set.
     */
    patch: operations['update_patient_api_patients__patient_id__patch']
    trace?: never
  }
  '/api/patients/{patient_id}/annotations': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * List Annotations
     * @description Every version of the patient's mask the caller may see, oldest first (a colleague's read of a case still in
     *     review is blind: ``backend.review.access.visible``).
     */
    get: operations['list_annotations_api_patients__patient_id__annotations_get']
    put?: never
    /**
     * Submit Annotation
     * @description Submit a mask of a case offered to the caller (or a new version of their own accepted annotation): it
     *     becomes the patient's accepted label; the first one debits the patient's cost from the budget.
     */
    post: operations['submit_annotation_api_patients__patient_id__annotations_post']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/patients/{patient_id}/draft': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Get Draft
     * @description The caller's saved draft of this patient, or 204 No Content when there is none.
     *
     *     Having no draft is the normal state of a case, not an error, so it is not answered 404 (browsers log every 4xx
     *     as a failed resource). The case payload (``GET /api/patients/{id}``, ``masks.draft``) says the same up front.
     */
    get: operations['get_draft_api_patients__patient_id__draft_get']
    /**
     * Save Draft
     * @description Autosave the caller's drawing (renews their reservation; 409 when a colleague holds the case).
     */
    put: operations['save_draft_api_patients__patient_id__draft_put']
    post?: never
    /**
     * Discard Draft
     * @description Throw the caller's draft away (back to the model's prediction).
     */
    delete: operations['discard_draft_api_patients__patient_id__draft_delete']
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/patients/{patient_id}/draft/mask': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Get Draft Mask
     * @description The caller's draft drawing as gzipped NIfTI.
     */
    get: operations['get_draft_mask_api_patients__patient_id__draft_mask_get']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/patients/{patient_id}/ground-truth': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Correct Ground Truth
     * @description Correct any patient's ground truth (validation and imported included): a new version with source
     *     "correction" that becomes the accepted label, never charged, audited with the version it replaced and why.
     */
    post: operations['correct_ground_truth_api_patients__patient_id__ground_truth_post']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/patients/{patient_id}/prediction': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Get Prediction
     * @description The latest model prediction (label values) as gzipped NIfTI.
     */
    get: operations['get_prediction_api_patients__patient_id__prediction_get']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/patients/{patient_id}/reservation': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Reserve
     * @description Reserve the case for the caller (or renew their reservation); 409 when a colleague holds it, 403 when it is
     *     not a case the caller may annotate (not offered to them, validation or imported ground truth).
     */
    post: operations['reserve_api_patients__patient_id__reservation_post']
    /**
     * Release
     * @description Give the case back to the queue (only the caller's own reservation).
     */
    delete: operations['release_api_patients__patient_id__reservation_delete']
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/patients/{patient_id}/review': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Get Review
     * @description A reviewed case for its reviewer: the reads to compare, every version, the decisions so far.
     */
    get: operations['get_review_api_patients__patient_id__review_get']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/patients/{patient_id}/review/accept': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Accept Review
     * @description Accept a pending case: one of its reads as it is, or the reviewer's edited mask (a new "review" version
     *     derived from the reads). The accepted mask becomes the patient's ground truth, trains the next round and enters
     *     exports; nothing is charged.
     */
    post: operations['accept_review_api_patients__patient_id__review_accept_post']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/patients/{patient_id}/review/return': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Return Review
     * @description Send a pending case back to one of its readers with what to change; it reappears at the top of their queue
     *     and comes back to review when they resubmit.
     */
    post: operations['return_review_api_patients__patient_id__review_return_post']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/patients/{patient_id}/skip': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Skip
     * @description Set the case aside with a reason: it leaves the queue and is flagged for the project lead.
     */
    post: operations['skip_api_patients__patient_id__skip_post']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/patients/{patient_id}/skip/resolve': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Resolve Skip
     * @description The lead returns a skipped patient to the queue (resolves its open skip).
     */
    post: operations['resolve_skip_api_patients__patient_id__skip_resolve_post']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/patients/{patient_id}/uncertainty': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Get Uncertainty
     * @description The voxel uncertainty map behind the patient's score, as gzipped NIfTI.
     */
    get: operations['get_uncertainty_api_patients__patient_id__uncertainty_get']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/patients/{patient_id}/volume': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Get Volume
     * @description The patient's image volume as gzipped NIfTI, or (``level=preview``) its downsampled preview, whose affine
     *     puts each voxel where the full volume has it. Both are audited as ``patient.volume.read`` (with the level).
     */
    get: operations['get_volume_api_patients__patient_id__volume_get']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/projects': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * List Projects
     * @description Projects the caller can see (admins see all).
     */
    get: operations['list_projects_api_projects_get']
    put?: never
    /**
     * Create Project
     * @description Create a project (labels with colours, flat or per-slice cost, total budget in currency or in cases).
     */
    post: operations['create_project_api_projects_post']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/projects/{project_id}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Get Project
     * @description One project with its budget, counts and running round.
     */
    get: operations['get_project_api_projects__project_id__get']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/projects/{project_id}/annotations': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * List Project Annotations
     * @description The project's accepted masks, newest first, with who made it and their active time on the case, a page at a
     *     time (``limit``, and the ``cursor`` of the previous page's ``X-Next-Cursor`` header).
     */
    get: operations['list_project_annotations_api_projects__project_id__annotations_get']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/projects/{project_id}/budget': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    /**
     * Update Budget
     * @description Set how patients are priced (flat, by volume size or by predicted reading time), the currency (ISO 4217;
     *     amounts are not converted) and/or the total budget; audited, totals in the ledger.
     */
    patch: operations['update_budget_api_projects__project_id__budget_patch']
    trace?: never
  }
  '/api/projects/{project_id}/dashboard': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Project Dashboard
     * @description Rounds timeline, validation Dice per label, label-efficiency curve (with the simulated random baseline and
     *     its latest job), uncertainty histograms, throughput.
     */
    get: operations['project_dashboard_api_projects__project_id__dashboard_get']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/projects/{project_id}/export': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Export Labels
     * @description The latest mask of every annotated patient as a zip of NIfTI files with a manifest, or (``format``) a
     *     training dataset: nnU-Net v2 ``DatasetXXX_Name`` or MSD ``TaskXX_Name`` with imagesTr/labelsTr (accepted
     *     annotations only), imagesTs (unlabelled patients) and dataset.json; case names are pseudonyms.
     */
    get: operations['export_labels_api_projects__project_id__export_get']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/projects/{project_id}/imports': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Import Files
     * @description Import DICOM files / zip, NIfTI or 2D images (with optional label files) as new patients.
     *
     *     With ``reference_labels`` the labels are kept as hidden reference labels: the patients stay unlabelled in the
     *     pool, and no route ever returns those labels (they only feed the simulated random-selection baseline).
     */
    post: operations['import_files_api_projects__project_id__imports_post']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/projects/{project_id}/ledger': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Get Ledger
     * @description The debits and credits with who, when and why, newest first, a page of ``entries`` at a time (``limit``, and
     *     the ``cursor`` of the previous page's ``X-Next-Cursor`` header); every page also carries the remaining budget,
     *     the whole ledger's credits and debits, and its burn-down series.
     */
    get: operations['get_ledger_api_projects__project_id__ledger_get']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/projects/{project_id}/members': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Get Members
     * @description The project's readers with their quotas and how many patients each has annotated.
     */
    get: operations['get_members_api_projects__project_id__members_get']
    /**
     * Put Members
     * @description Replace the assigned readers and their per-reader quotas (patients; null means no limit).
     */
    put: operations['put_members_api_projects__project_id__members_put']
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/projects/{project_id}/pacs': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Get Connection
     * @description The project's DICOMweb connection, or null when it has none (a normal state the project page asks about on
     *     every visit, so not an error); the password or token is never returned (``has_secret`` says whether one is
     *     stored).
     */
    get: operations['get_connection_api_projects__project_id__pacs_get']
    /**
     * Put Connection
     * @description Create or replace the connection (audited, without the secret). Omit ``secret`` to keep the stored one.
     */
    put: operations['put_connection_api_projects__project_id__pacs_put']
    post?: never
    /**
     * Delete Connection
     * @description Forget the connection and its secret; what was imported stays.
     */
    delete: operations['delete_connection_api_projects__project_id__pacs_delete']
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/projects/{project_id}/pacs/imports': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * List Imports
     * @description The project's latest PACS imports, newest first (poll one for its progress bar).
     */
    get: operations['list_imports_api_projects__project_id__pacs_imports_get']
    put?: never
    /**
     * Start Import
     * @description Import studies (every image series and its mask, or the listed series) on a worker (``cpu`` queue); returns
     *     the queued job at once. Series already in the project are skipped, so re-running an import is safe.
     */
    post: operations['start_import_api_projects__project_id__pacs_imports_post']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/projects/{project_id}/pacs/imports/{job_id}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Get Import
     * @description One import: status, progress (``done_instances`` of ``total_instances``, ``percent``) and, when done, what it
     *     imported, skipped and could not import.
     */
    get: operations['get_import_api_projects__project_id__pacs_imports__job_id__get']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/projects/{project_id}/pacs/imports/{job_id}/cancel': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Cancel Import
     * @description Stop the import after the instance it is retrieving; patients already imported stay.
     */
    post: operations['cancel_import_api_projects__project_id__pacs_imports__job_id__cancel_post']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/projects/{project_id}/pacs/studies': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Search Studies
     * @description Search the PACS (QIDO-RS) for studies; ``imported`` marks those already in the project.
     */
    get: operations['search_studies_api_projects__project_id__pacs_studies_get']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/projects/{project_id}/pacs/studies/{study_uid}/series': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * List Series
     * @description The series of one study in the PACS; ``imported`` marks those already in the project.
     */
    get: operations['list_series_api_projects__project_id__pacs_studies__study_uid__series_get']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/projects/{project_id}/pacs/verify': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Verify Connection
     * @description Try the stored settings with one QIDO-RS query; ``ok`` false with the reason when the PACS cannot be used.
     */
    post: operations['verify_connection_api_projects__project_id__pacs_verify_post']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/projects/{project_id}/patients': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * List Patients
     * @description The project's patients with split, state and annotation version, ordered by external id, a page at a time
     *     (``limit``, and the ``cursor`` of the previous page's ``X-Next-Cursor`` header); every filter is optional and
     *     they combine (AND), with each other and with the cursor. The filtering happens in the database.
     */
    get: operations['list_patients_api_projects__project_id__patients_get']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/projects/{project_id}/patients/{patient_id}/identity': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Get Identity
     * @description The real PatientID and PatientName behind a de-identified patient's pseudonym, and its date shift.
     *
     *     Leads of the project and admins only; every answered look is audited (``patient.identity.read``, naming who
     *     looked at which patient, never the identity itself). 404 for a patient that was not de-identified (NIfTI or
     *     2D images, or imported while the project's de-identification was off).
     */
    get: operations['get_identity_api_projects__project_id__patients__patient_id__identity_get']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/projects/{project_id}/patients/{patient_id}/seg': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Download Seg
     * @description The patient's accepted label as a DICOM SEG on its source series (de-identified when the project is).
     */
    get: operations['download_seg_api_projects__project_id__patients__patient_id__seg_get']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/projects/{project_id}/patients/{patient_id}/seg/send': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Send Seg
     * @description Store the patient's accepted SEG in the project's PACS (STOW-RS), with the real patient identity so it
     *     files under the right patient there. Sending again replaces the same instance instead of adding one.
     */
    post: operations['send_seg_api_projects__project_id__patients__patient_id__seg_send_post']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/projects/{project_id}/pretraining': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Get Pretraining
     * @description The latest background pre-training of the project's Models Genesis backbone (queued at import), or null when
     *     none was queued: a project whose backbone came from its first round, or one with Genesis off.
     */
    get: operations['get_pretraining_api_projects__project_id__pretraining_get']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/projects/{project_id}/rounds': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * List Rounds
     * @description The project's rounds, newest first, with job progress.
     */
    get: operations['list_rounds_api_projects__project_id__rounds_get']
    put?: never
    /**
     * Start Round
     * @description Start an active-learning round; it runs on a worker and this call returns at once.
     */
    post: operations['start_round_api_projects__project_id__rounds_post']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/projects/{project_id}/seg/codes': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Get Seg Codes
     * @description How each label is coded in a SEG (segmented property category and type): the lead's choice or the default.
     */
    get: operations['get_seg_codes_api_projects__project_id__seg_codes_get']
    /**
     * Put Seg Codes
     * @description Choose the SNOMED CT (or DCM) codes of the listed labels; a null code returns it to the default. Audited.
     */
    put: operations['put_seg_codes_api_projects__project_id__seg_codes_put']
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/projects/{project_id}/settings': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    /**
     * Update Settings
     * @description Choose the strategy, batch size and selection objective of the next round, whether its selection needs the
     *     lead's approval, the forecast's target Dice and stop threshold (an explicit null clears those two), whether
     *     DICOM imports are de-identified (409 when turning it off while de-identified patients exist), whether masks
     *     are reviewed before they become ground truth, and what share of read cases a second reader reads (which, and how
     *     their reads are combined for the reviewer).
     */
    patch: operations['update_settings_api_projects__project_id__settings_patch']
    trace?: never
  }
  '/api/projects/{project_id}/simulations/random': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Get Random
     * @description The project's latest random-baseline job: status, progress and the points computed so far.
     */
    get: operations['get_random_api_projects__project_id__simulations_random_get']
    put?: never
    /**
     * Start Random
     * @description Simulate random selection at the sizes of the real label-efficiency curve; runs on a worker, returns at once.
     */
    post: operations['start_random_api_projects__project_id__simulations_random_post']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/projects/{project_id}/simulations/random/cancel': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Cancel Random
     * @description Stop the running baseline; a running worker stops at its next epoch and the points so far are kept.
     */
    post: operations['cancel_random_api_projects__project_id__simulations_random_cancel_post']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/projects/{project_id}/skips': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * List Skips
     * @description Cases radiologists set aside, newest first: what the lead should look at.
     */
    get: operations['list_skips_api_projects__project_id__skips_get']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/queue': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Get Queue
     * @description Suggested patients for the caller, most informative first, within the remaining budgets: the first ``limit``
     *     of each project.
     */
    get: operations['get_queue_api_queue_get']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/queue/returned': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Returned Cases
     * @description Cases reviewers returned to the caller, oldest first, each with the reviewer's comment.
     */
    get: operations['returned_cases_api_queue_returned_get']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/reviews': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * List Reviews
     * @description The caller's review queue: cases of the projects they review (as lead, admin or marked reviewer) in one
     *     state, oldest change first, a page at a time. Empty for someone who reviews nothing.
     */
    get: operations['list_reviews_api_reviews_get']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/rounds/{round_id}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Get Round
     * @description One round with its progress and metrics.
     */
    get: operations['get_round_api_rounds__round_id__get']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/rounds/{round_id}/approve': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Approve Round
     * @description Publish a round in review to the queue, with its proposed selection or the lead's changed one.
     */
    post: operations['approve_round_api_rounds__round_id__approve_post']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/rounds/{round_id}/cancel': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Cancel Round
     * @description Cancel a running, in-review or ready round; a running worker stops at its next epoch.
     */
    post: operations['cancel_round_api_rounds__round_id__cancel_post']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/rounds/{round_id}/retry': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * Retry Round
     * @description Run a failed or cancelled round again with a fresh job; returns at once like starting a round.
     */
    post: operations['retry_round_api_rounds__round_id__retry_post']
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/rounds/{round_id}/scores': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * Get Scores
     * @description The round's scored patients in rank order with the strategy's components, a page at a time (``limit``, and
     *     the ``cursor`` of the previous page's ``X-Next-Cursor`` header).
     */
    get: operations['get_scores_api_rounds__round_id__scores_get']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/strategies': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * List Strategies
     * @description The selection strategies a round can use, in the order to offer them, with what each needs and costs.
     */
    get: operations['list_strategies_api_strategies_get']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/users': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /**
     * List Assignable
     * @description Active readers (radiologists and leads) a project lead can assign.
     */
    get: operations['list_assignable_api_users_get']
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
}
export type webhooks = Record<string, never>
export interface components {
  schemas: {
    /**
     * AcceptedMask
     * @description The accepted annotation version (its voxels: ``GET /api/annotations/{annotation_id}/mask``).
     */
    AcceptedMask: {
      /**
       * Annotation Id
       * Format: uuid
       */
      annotation_id: string
      /** Author */
      author: string | null
      /**
       * Created At
       * Format: date-time
       */
      created_at: string
      source: components['schemas']['AnnotationSource']
      /** Version */
      version: number
    }
    /**
     * AgreementKind
     * @enum {string}
     */
    AgreementKind: 'between_reads' | 'read_vs_accepted'
    /**
     * AgreementRead
     * @description How one read agrees with the other read, or with the accepted mask, on one label.
     */
    AgreementRead: {
      /** Dice */
      dice: number
      /** Hausdorff95 Mm */
      hausdorff95_mm: number | null
      kind: components['schemas']['AgreementKind']
      /** Label */
      label: number
      /** Other */
      other: string | null
      /** Other Version */
      other_version: number
      /** Read Version */
      read_version: number
      /** Reader */
      reader: string | null
      /** Surface Dice */
      surface_dice: number | null
    }
    /** AnnotationCreated */
    AnnotationCreated: {
      /** Budget Remaining */
      budget_remaining: number
      currency: components['schemas']['Currency']
      /**
       * Id
       * Format: uuid
       */
      id: string
      review_status?: components['schemas']['ReviewStatus'] | null
      /** Sha256 */
      sha256: string
      /** Version */
      version: number
    }
    /** AnnotationRead */
    AnnotationRead: {
      /** Author */
      author: string | null
      /**
       * Created At
       * Format: date-time
       */
      created_at: string
      /**
       * Id
       * Format: uuid
       */
      id: string
      /** Read Number */
      read_number?: number | null
      /** Sha256 */
      sha256: string
      source: components['schemas']['AnnotationSource']
      /** Time Spent S */
      time_spent_s: number | null
      /** Version */
      version: number
    }
    /**
     * AnnotationSource
     * @description Where an annotation version came from (the ``annotations.source`` column).
     * @enum {string}
     */
    AnnotationSource: 'human' | 'import' | 'correction' | 'review' | 'consensus'
    /** AuditEventRead */
    AuditEventRead: {
      /** Action */
      action: string
      /**
       * Created At
       * Format: date-time
       */
      created_at: string
      /** Details */
      details: {
        [key: string]: unknown
      }
      /**
       * Id
       * Format: uuid
       */
      id: string
      /** Target Id */
      target_id: string | null
      /** Target Type */
      target_type: string
      /** User */
      user: string | null
    }
    /** AuditPage */
    AuditPage: {
      /** Actions */
      actions: string[]
      /** Events */
      events: components['schemas']['AuditEventRead'][]
      /** Total */
      total: number
    }
    /** Body_accept_review_api_patients__patient_id__review_accept_post */
    Body_accept_review_api_patients__patient_id__review_accept_post: {
      /**
       * Annotation Id
       * @description Accept this read as it is
       */
      annotation_id?: string | null
      /**
       * Comment
       * @description Optional note, audited
       */
      comment?: string | null
      /**
       * Mask
       * @description Or accept your edit: NIfTI on the image's grid
       */
      mask?: Blob | null
      /**
       * Review Time S
       * @description The reviewer's active seconds
       */
      review_time_s?: number | null
    }
    /** Body_correct_ground_truth_api_patients__patient_id__ground_truth_post */
    Body_correct_ground_truth_api_patients__patient_id__ground_truth_post: {
      /**
       * Base Version
       * @description The accepted version the mask was drawn from (the patient's annotation_version when the case was loaded); omit it when the patient had no accepted annotation. A different accepted version now answers 409.
       */
      base_version?: number | null
      /**
       * Mask
       * @description NIfTI (.nii or .nii.gz) on the image's voxel grid
       */
      mask: Blob
      /**
       * Reason
       * @description Why the ground truth is corrected (audited)
       */
      reason: string
    }
    /** Body_import_files_api_projects__project_id__imports_post */
    Body_import_files_api_projects__project_id__imports_post: {
      /** Files */
      files: Blob[]
      /** Labels */
      labels?: Blob[] | null
      /**
       * Reference Labels
       * @description Store the labels as hidden ground truth (for the simulated random baseline), not annotations
       * @default false
       */
      reference_labels?: boolean
      /** @default pool */
      split?: components['schemas']['Split']
    }
    /** Body_save_draft_api_patients__patient_id__draft_put */
    Body_save_draft_api_patients__patient_id__draft_put: {
      /**
       * Mask
       * @description NIfTI (.nii or .nii.gz) on the image's voxel grid
       */
      mask: Blob
      /** Time Spent S */
      time_spent_s?: number | null
    }
    /** Body_submit_annotation_api_patients__patient_id__annotations_post */
    Body_submit_annotation_api_patients__patient_id__annotations_post: {
      /**
       * Base Version
       * @description The accepted version the mask was drawn from (the patient's annotation_version when the case was loaded); omit it when the patient had no accepted annotation. A different accepted version now answers 409.
       */
      base_version?: number | null
      /**
       * Mask
       * @description NIfTI (.nii or .nii.gz) on the image's voxel grid
       */
      mask: Blob
      /** Time Spent S */
      time_spent_s?: number | null
    }
    /**
     * Broker
     * @description Where jobs wait: Redis (``BROKER_URL`` set) or the embedded file broker of a single-machine install.
     * @enum {string}
     */
    Broker: 'redis' | 'embedded'
    /** BudgetUpdate */
    BudgetUpdate: {
      /** Budget Total */
      budget_total?: number | null
      cost_mode?: components['schemas']['CostMode'] | null
      /** Cost Per Hour */
      cost_per_hour?: number | null
      /** Cost Per Patient */
      cost_per_patient?: number | null
      /** Cost Per Slice */
      cost_per_slice?: number | null
      currency?: components['schemas']['Currency'] | null
    }
    /**
     * BurnPoint
     * @description The budget's totals right after ``at``: after each entry, or (a ledger of more than 500 entries) after each
     *     of 500 equal runs of entries.
     */
    BurnPoint: {
      /**
       * At
       * Format: date-time
       */
      at: string
      /** Remaining */
      remaining: number
      /** Spent */
      spent: number
      /** Total */
      total: number
    }
    /**
     * CaseMasks
     * @description Every drawing the viewer could open this patient with, for the caller, and the one it starts from.
     *
     *     Absent masks are null here rather than a 404 from their download route, so a viewer never asks for what does not
     *     exist. ``starting`` is the first present of: the caller's draft, their read in review, the accepted annotation, the
     *     prediction.
     */
    CaseMasks: {
      accepted: components['schemas']['AcceptedMask'] | null
      draft: components['schemas']['DraftMask'] | null
      prediction: components['schemas']['PredictionMask'] | null
      read?: components['schemas']['ReadMask'] | null
      starting: components['schemas']['StartingMask']
    }
    /**
     * CodedConceptDef
     * @description A coded concept of a DICOM SEG segment (category or type), e.g. SCT 49755003 "Morphologically Abnormal
     *     Structure". Limits are DICOM's: a code value is at most 16 characters (SNOMED CT identifiers are 6-18 digits
     *     and longer ones go to LongCodeValue), a code meaning at most 64.
     */
    CodedConceptDef: {
      /** Code */
      code: string
      /** Meaning */
      meaning: string
      scheme: components['schemas']['CodingScheme']
    }
    /**
     * CodingScheme
     * @description Coding schemes a segment may be coded in: SNOMED CT (``SCT``, what DICOM SEG readers expect) and DICOM's own.
     * @enum {string}
     */
    CodingScheme: 'SCT' | 'DCM'
    /**
     * ConsensusMethod
     * @description How the reads of a double-read case are combined into the mask proposed to the reviewer.
     * @enum {string}
     */
    ConsensusMethod: 'staple' | 'majority'
    /**
     * ConsensusRead
     * @description The consensus of the case's latest reads, the reviewer's proposed starting point (its voxels:
     *     ``GET /api/annotations/{annotation_id}/mask``); accept it by its ``annotation_id`` like a read.
     */
    ConsensusRead: {
      /**
       * Annotation Id
       * Format: uuid
       */
      annotation_id: string
      /**
       * Created At
       * Format: date-time
       */
      created_at: string
      /** Version */
      version: number
    }
    /**
     * CostMode
     * @description How a patient is priced: ``flat`` the base cost; ``volume`` the base plus a price per slice of the primary
     *     volume; ``reading_time`` the base plus an hourly rate times the minutes the reading-time model predicts.
     * @enum {string}
     */
    CostMode: 'flat' | 'volume' | 'reading_time'
    /**
     * Currency
     * @description ISO 4217 codes a project's money may be kept in: the common ones, so a typo is refused instead of stored.
     *     Amounts stay in hundredths of the unit whatever the currency (the browser formats them with its own digits).
     * @enum {string}
     */
    Currency:
      | 'EUR'
      | 'USD'
      | 'GBP'
      | 'CHF'
      | 'SEK'
      | 'NOK'
      | 'DKK'
      | 'PLN'
      | 'CZK'
      | 'HUF'
      | 'RON'
      | 'TRY'
      | 'CAD'
      | 'AUD'
      | 'NZD'
      | 'JPY'
      | 'CNY'
      | 'KRW'
      | 'INR'
      | 'SGD'
      | 'HKD'
      | 'BRL'
      | 'MXN'
      | 'ZAR'
      | 'ILS'
      | 'AED'
      | 'SAR'
    /** Dashboard */
    Dashboard: {
      counts: components['schemas']['ProjectCounts']
      currency: components['schemas']['Currency']
      /** Efficiency */
      efficiency: components['schemas']['EfficiencyPoint'][]
      forecast?: components['schemas']['Forecast'] | null
      /**
       * Generated At
       * Format: date-time
       */
      generated_at: string
      /** Labels */
      labels: components['schemas']['LabelDef'][]
      /**
       * Project Id
       * Format: uuid
       */
      project_id: string
      /** Project Name */
      project_name: string
      random_curve?: components['schemas']['SimulationResult'] | null
      reading_time?: components['schemas']['ReadingTimeSummary'] | null
      /**
       * Reviewers
       * @default []
       */
      reviewers: components['schemas']['ReviewerLoad'][]
      /** Rounds */
      rounds: components['schemas']['RoundTimeline'][]
      /** Running */
      running: boolean
      simulation?: components['schemas']['SimulationRead'] | null
      /** Throughput */
      throughput: components['schemas']['Throughput'][]
      /** Uncertainty */
      uncertainty: components['schemas']['Histogram'][]
    }
    /**
     * DecisionAction
     * @enum {string}
     */
    DecisionAction: 'accept' | 'return'
    /**
     * DoubleReadRule
     * @description Which read cases get a second, independent reader (``backend/review/double_read.py``).
     * @enum {string}
     */
    DoubleReadRule: 'random' | 'disagreement' | 'uncertainty'
    /**
     * DraftMask
     * @description The caller's autosaved draft of the patient (its voxels: ``GET /api/patients/{id}/draft/mask``).
     */
    DraftMask: {
      /** Sha256 */
      sha256: string
      /** Time Spent S */
      time_spent_s: number | null
      /**
       * Updated At
       * Format: date-time
       */
      updated_at: string
    }
    /** DraftRead */
    DraftRead: {
      /**
       * Patient Id
       * Format: uuid
       */
      patient_id: string
      /** Sha256 */
      sha256: string
      /** Size Bytes */
      size_bytes: number
      /** Time Spent S */
      time_spent_s: number | null
      /**
       * Updated At
       * Format: date-time
       */
      updated_at: string
    }
    /** EfficiencyPoint */
    EfficiencyPoint: {
      /** Patients Annotated */
      patients_annotated: number
      /** Round */
      round: number
      /** Val Dice */
      val_dice: number
    }
    /**
     * ErrorBody
     * @description The one shape of every error response of the API (domain errors, validation, unknown routes, parse errors).
     */
    ErrorBody: {
      /**
       * Detail
       * @description A sentence for a person: what was wrong and, where possible, how to fix it
       */
      detail: string
      /**
       * Error
       * @description The error's name, e.g. NotFound, ValidationError, BudgetExceeded
       */
      error: string
    }
    /**
     * ExportFormat
     * @description ``nifti``: the accepted masks with a manifest (above). ``nnunet``: an nnU-Net v2 raw dataset. ``msd``: a
     *     Medical Segmentation Decathlon task folder. The last two carry the images too (imagesTr / imagesTs).
     * @enum {string}
     */
    ExportFormat: 'nifti' | 'nnunet' | 'msd'
    /**
     * Forecast
     * @description Validation Dice against annotated patients, fitted as an inverse power law, and what the budget buys.
     *
     *     With fewer than 3 rounds at distinct patient counts the recommendation is "insufficient_data", the curve is
     *     empty, and the Dice figures repeat the latest measured validation Dice (0 without any) with no gain: show
     *     ``reason`` instead.
     */
    Forecast: {
      /**
       * Basis
       * @constant
       */
      basis: 'rounds'
      budget_to_target: components['schemas']['ForecastInterval'] | null
      /** Curve */
      curve: components['schemas']['ForecastPoint'][]
      expected_dice_if_spent: components['schemas']['ForecastInterval']
      /** Gain Per 100 */
      gain_per_100: number
      /** Mean Cost Per Patient */
      mean_cost_per_patient: number
      /** Patients If Spent */
      patients_if_spent: number
      /** Patients Now */
      patients_now: number
      /** Points */
      points: number
      random_baseline: components['schemas']['ForecastBaseline'] | null
      /** Reason */
      reason: string
      /**
       * Recommendation
       * @enum {string}
       */
      recommendation: 'continue' | 'stop' | 'insufficient_data'
      /** Remaining Budget */
      remaining_budget: number
      /** Spent Now */
      spent_now: number
      /** Stop Gain Per 100 */
      stop_gain_per_100: number | null
      /** Target Dice */
      target_dice: number | null
      /** Target Unreachable */
      target_unreachable: boolean
    }
    /**
     * ForecastBaseline
     * @description The same forecast from the simulated random-selection curve.
     */
    ForecastBaseline: {
      /** Curve */
      curve: components['schemas']['ForecastPoint'][]
      expected_dice_if_spent: components['schemas']['ForecastInterval']
    }
    /** ForecastInterval */
    ForecastInterval: {
      /** High */
      high: number
      /** Low */
      low: number
      /** Mean */
      mean: number
    }
    /** ForecastPoint */
    ForecastPoint: {
      /** Dice */
      dice: number
      /** High */
      high: number
      /** Low */
      low: number
      /** Patients */
      patients: number
    }
    /** HealthRead */
    HealthRead: {
      broker: components['schemas']['Broker']
      /** Broker Ok */
      broker_ok: boolean
      /** Jobs */
      jobs: components['schemas']['RunningJobRead'][]
      /** Queues */
      queues: {
        [key: string]: number
      }
      /** Unacked */
      unacked: number | null
      /** Workers */
      workers: components['schemas']['WorkerRead'][] | null
      /** Workers Detail */
      workers_detail: string
    }
    /** Histogram */
    Histogram: {
      /** Counts */
      counts: number[]
      /** Edges */
      edges: number[]
      /** N */
      n: number
      /** Round */
      round: number
    }
    /** ImportedPatient */
    ImportedPatient: {
      /** External Id */
      external_id: string
      /** Instances */
      instances: number
      /**
       * Patient Id
       * Format: uuid
       */
      patient_id: string
      /** Series */
      series: number
    }
    /**
     * ImportFailure
     * @description A patient whose studies could not be imported; the job carried on with the others.
     */
    ImportFailure: {
      /** Detail */
      detail: string
      /** Study Uids */
      study_uids: string[]
    }
    /** ImportResult */
    ImportResult: {
      /** Patients */
      patients: components['schemas']['PatientSummary'][]
      /**
       * Reference Labels
       * @default 0
       */
      reference_labels: number
    }
    /**
     * JobRead
     * @description The round's current job: where it runs, how often it was tried, its last heartbeat.
     */
    JobRead: {
      /** Attempts */
      attempts: number
      /** Error */
      error: string | null
      /** Finished At */
      finished_at: string | null
      /** Heartbeat At */
      heartbeat_at: string | null
      /**
       * Id
       * Format: uuid
       */
      id: string
      /** Max Attempts */
      max_attempts: number
      /** Started At */
      started_at: string | null
      status: components['schemas']['JobStatus']
      /** Worker */
      worker: string | null
    }
    /**
     * JobStatus
     * @enum {string}
     */
    JobStatus: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled'
    /** LabelDef */
    LabelDef: {
      category?: components['schemas']['CodedConceptDef'] | null
      /** Color */
      color: string
      /** Name */
      name: string
      type?: components['schemas']['CodedConceptDef'] | null
      /** Value */
      value: number
    }
    /** LedgerEntryRead */
    LedgerEntryRead: {
      /** Amount */
      amount: number
      /**
       * Created At
       * Format: date-time
       */
      created_at: string
      /**
       * Id
       * Format: uuid
       */
      id: string
      kind: components['schemas']['LedgerKind']
      /** Patient */
      patient: string | null
      /** Reason */
      reason: string
      /** Remaining After */
      remaining_after: number
      /** Spent After */
      spent_after: number
      /** Total After */
      total_after: number
      /** User */
      user: string | null
    }
    /**
     * LedgerKind
     * @description What a ledger entry records (the ``ledger_entries.kind`` column).
     * @enum {string}
     */
    LedgerKind: 'annotation' | 'budget_change'
    /**
     * LedgerRead
     * @description One page of the ledger (``entries``, newest first; the next page is announced by the ``X-Next-Cursor``
     *     header) with the figures of the whole ledger, the same on every page: ``credits`` and ``debits`` summed over
     *     every entry, ``balanced`` (the entries add up to the project's total and spent), and ``burn_down``, oldest
     *     first, at most 500 points.
     */
    LedgerRead: {
      /** Balanced */
      balanced: boolean
      /** Budget Remaining */
      budget_remaining: number
      /** Budget Spent */
      budget_spent: number
      /** Budget Total */
      budget_total: number
      /** Burn Down */
      burn_down: components['schemas']['BurnPoint'][]
      /** Credits */
      credits: number
      /** Debits */
      debits: number
      /** Entries */
      entries: components['schemas']['LedgerEntryRead'][]
    }
    /** LoginRequest */
    LoginRequest: {
      /** Password */
      password: string
      /** Username */
      username: string
    }
    /** LoginResponse */
    LoginResponse: {
      /** Access Token */
      access_token: string
      /**
       * Expires At
       * Format: date-time
       */
      expires_at: string
      /**
       * Token Type
       * @default bearer
       * @constant
       */
      token_type: 'bearer'
      user: components['schemas']['UserRead']
    }
    /** MemberAssignment */
    MemberAssignment: {
      /**
       * Is Reviewer
       * @default false
       */
      is_reviewer?: boolean
      /** Quota */
      quota?: number | null
      /**
       * User Id
       * Format: uuid
       */
      user_id: string
    }
    /** MemberRead */
    MemberRead: {
      /** Annotated */
      annotated: number
      /**
       * Is Reviewer
       * @default false
       */
      is_reviewer: boolean
      /** Quota */
      quota: number | null
      role: components['schemas']['Role']
      /**
       * User Id
       * Format: uuid
       */
      user_id: string
      /** Username */
      username: string
    }
    /** MembersUpdate */
    MembersUpdate: {
      /** Members */
      members: components['schemas']['MemberAssignment'][]
    }
    /**
     * PacsAuth
     * @enum {string}
     */
    PacsAuth: 'none' | 'basic' | 'bearer'
    /** PacsConnectionRead */
    PacsConnectionRead: {
      auth: components['schemas']['PacsAuth']
      /** Base Url */
      base_url: string
      /** Has Secret */
      has_secret: boolean
      /** Send On Accept */
      send_on_accept: boolean
      /** Username */
      username: string | null
    }
    /**
     * PacsConnectionWrite
     * @description Create or replace the project's DICOMweb connection.
     *
     *     ``secret`` (the basic-auth password or the bearer token) is write-only; omit it to keep the stored one (when the
     *     kind of authentication stays the same). ``auth: none`` forgets any stored secret.
     */
    PacsConnectionWrite: {
      /** @default none */
      auth?: components['schemas']['PacsAuth']
      /**
       * Base Url
       * @description The DICOMweb root, e.g. https://pacs.example.org/dicom-web
       */
      base_url: string
      /**
       * Secret
       * @description Password (basic) or token (bearer); never returned
       */
      secret?: string | null
      /**
       * Send On Accept
       * @description Store a DICOM SEG in the PACS when a label is accepted (omitted: unchanged)
       */
      send_on_accept?: boolean | null
      /** Username */
      username?: string | null
    }
    /** PacsImportCreate */
    PacsImportCreate: {
      /** @default pool */
      split?: components['schemas']['Split']
      /** Studies */
      studies: components['schemas']['PacsImportStudy'][]
    }
    /**
     * PacsImportRead
     * @description A PACS import job: its status and progress (``stage``, ``done_instances``/``total_instances``, ``percent``).
     */
    PacsImportRead: {
      /** Attempts */
      attempts: number
      /**
       * Created At
       * Format: date-time
       */
      created_at: string
      /** Error */
      error: string | null
      /** Finished At */
      finished_at: string | null
      /**
       * Id
       * Format: uuid
       */
      id: string
      /** Instances */
      instances: number
      /** Progress */
      progress: {
        [key: string]: unknown
      }
      result: components['schemas']['PacsImportResult'] | null
      /** Series */
      series: number
      /** Started At */
      started_at: string | null
      status: components['schemas']['JobStatus']
      /** Studies */
      studies: number
    }
    /** PacsImportResult */
    PacsImportResult: {
      /** Failed */
      failed: components['schemas']['ImportFailure'][]
      /** Imported Instances */
      imported_instances: number
      /** Imported Series */
      imported_series: number
      /** Instances Per S */
      instances_per_s: number
      /** Patients */
      patients: components['schemas']['ImportedPatient'][]
      /** Seconds */
      seconds: number
      /** Skipped Series */
      skipped_series: number
    }
    /** PacsImportStudy */
    PacsImportStudy: {
      /** Series Uids */
      series_uids?: string[] | null
      /** Study Uid */
      study_uid: string
    }
    /** PacsSeries */
    PacsSeries: {
      /** Description */
      description: string
      /** Imported */
      imported: boolean
      /** Instance Count */
      instance_count: number | null
      /** Modality */
      modality: string
      /** Number */
      number: number | null
      /** Series Uid */
      series_uid: string
    }
    /**
     * PacsStudy
     * @description One study found by QIDO-RS, with the real identifiers the PACS holds (leads and admins only).
     */
    PacsStudy: {
      /** Accession */
      accession: string
      /** Description */
      description: string
      /** Imported */
      imported: boolean
      /** Instance Count */
      instance_count: number | null
      /** Modalities */
      modalities: string[]
      /** Patient Id */
      patient_id: string
      /** Patient Name */
      patient_name: string
      /** Series Count */
      series_count: number | null
      /** Study Date */
      study_date: string | null
      /** Study Uid */
      study_uid: string
    }
    /**
     * PacsVerifyRead
     * @description Whether the PACS answered a QIDO-RS query with these settings, and if not, why.
     */
    PacsVerifyRead: {
      /** Detail */
      detail: string
      /** Ok */
      ok: boolean
    }
    /** PasswordChange */
    PasswordChange: {
      /** Current Password */
      current_password: string
      /** New Password */
      new_password: string
    }
    /** PasswordChanged */
    PasswordChanged: {
      /** Sessions Ended */
      sessions_ended: number
    }
    /** PasswordReset */
    PasswordReset: {
      /** Password */
      password: string
    }
    /** PatientDetail */
    PatientDetail: {
      /** Annotation Version */
      annotation_version: number | null
      /** External Id */
      external_id: string
      /** Has Prediction */
      has_prediction: boolean
      /** Has Uncertainty */
      has_uncertainty: boolean
      /**
       * Id
       * Format: uuid
       */
      id: string
      /** Labels */
      labels: components['schemas']['LabelDef'][]
      masks: components['schemas']['CaseMasks']
      /** Modality */
      modality: string
      /**
       * Project Id
       * Format: uuid
       */
      project_id: string
      /**
       * Series Description
       * @default
       */
      series_description: string
      /** Shape */
      shape: number[]
      /** Spacing */
      spacing: number[]
      split: components['schemas']['Split']
      status: components['schemas']['PatientStatus']
      /** Study Date */
      study_date?: string | null
      /**
       * Study Description
       * @default
       */
      study_description: string
    }
    /**
     * PatientIdentityRead
     * @description What de-identification replaced for one patient (lead/admin only; every read is audited).
     */
    PatientIdentityRead: {
      /**
       * Date Shift Days
       * @description Days added to every date of the patient's DICOM headers (subtract to undo)
       */
      date_shift_days: number
      /**
       * Real Patient Id
       * @description The DICOM PatientID the pseudonym (the patient's external_id) replaced
       */
      real_patient_id: string
      /**
       * Real Patient Name
       * @description The DICOM PatientName, in DICOM PN form (Family^Given), or empty
       */
      real_patient_name: string
    }
    /**
     * PatientState
     * @description Where a patient stands, one word per patient (``backend/project/counts.py`` decides it): the project card, the
     *     dashboard, the lead's patient list and their counts all use these, so no two pages can disagree.
     * @enum {string}
     */
    PatientState: 'validation' | 'annotated' | 'in_review' | 'reserved' | 'queued' | 'set_aside' | 'unlabeled'
    /**
     * PatientStatus
     * @enum {string}
     */
    PatientStatus: 'unlabeled' | 'in_review' | 'annotated'
    /** PatientSummary */
    PatientSummary: {
      /** Annotation Version */
      annotation_version: number | null
      /** Cost */
      cost: number
      /** External Id */
      external_id: string
      /**
       * Id
       * Format: uuid
       */
      id: string
      /** Shape */
      shape: number[]
      split: components['schemas']['Split']
      state: components['schemas']['PatientState']
      status: components['schemas']['PatientStatus']
    }
    /** PatientUpdate */
    PatientUpdate: {
      split: components['schemas']['Split']
    }
    /**
     * PredictionMask
     * @description The latest model prediction (its voxels: ``GET /api/patients/{id}/prediction``) and the round behind it.
     */
    PredictionMask: {
      /**
       * Created At
       * Format: date-time
       */
      created_at: string
      /**
       * Model Version Id
       * Format: uuid
       */
      model_version_id: string
      /**
       * Round Id
       * Format: uuid
       */
      round_id: string
      /** Round Number */
      round_number: number
    }
    /**
     * PretrainingRead
     * @description The project's latest backbone pre-training job, for the lead's progress bar before the first round.
     */
    PretrainingRead: {
      /**
       * Created At
       * Format: date-time
       */
      created_at: string
      /** Error */
      error: string | null
      /** Finished At */
      finished_at: string | null
      /**
       * Id
       * Format: uuid
       */
      id: string
      /** Progress */
      progress: {
        [key: string]: unknown
      }
      /** Started At */
      started_at: string | null
      status: components['schemas']['JobStatus']
      /** Steps */
      steps: number
    }
    /** ProjectAnnotationRead */
    ProjectAnnotationRead: {
      /** Author */
      author: string | null
      /**
       * Created At
       * Format: date-time
       */
      created_at: string
      /** External Id */
      external_id: string
      /**
       * Id
       * Format: uuid
       */
      id: string
      /**
       * Patient Id
       * Format: uuid
       */
      patient_id: string
      /** Read Number */
      read_number?: number | null
      /** Sha256 */
      sha256: string
      source: components['schemas']['AnnotationSource']
      /** Time Spent S */
      time_spent_s: number | null
      /** Version */
      version: number
    }
    /**
     * ProjectCounts
     * @description Patients by :class:`PatientState`; every patient is in exactly one state, so the parts add up to ``patients``.
     */
    ProjectCounts: {
      /** Annotated */
      annotated: number
      /**
       * In Review
       * @default 0
       */
      in_review: number
      /** Patients */
      patients: number
      /** Queued */
      queued: number
      /** Reserved */
      reserved: number
      /** Set Aside */
      set_aside: number
      /** Unlabeled */
      unlabeled: number
      /** Validation */
      validation: number
    }
    /** ProjectCreate */
    ProjectCreate: {
      /**
       * Assign Radiologists
       * @default false
       */
      assign_radiologists?: boolean
      /**
       * Auto Publish
       * @default true
       */
      auto_publish?: boolean
      /**
       * Batch Size
       * @default 2
       */
      batch_size?: number
      /** Budget Cases */
      budget_cases?: number | null
      /** Budget Total */
      budget_total?: number | null
      /** @default flat */
      cost_mode?: components['schemas']['CostMode']
      /**
       * Cost Per Hour
       * @default 0
       */
      cost_per_hour?: number
      /** Cost Per Patient */
      cost_per_patient: number
      /**
       * Cost Per Slice
       * @default 0
       */
      cost_per_slice?: number
      /** @default EUR */
      currency?: components['schemas']['Currency']
      /**
       * Deidentify
       * @default true
       */
      deidentify?: boolean
      /** Labels */
      labels: components['schemas']['LabelDef'][]
      /** Modality */
      modality: string
      /** Name */
      name: string
      /** @default entropy */
      strategy?: components['schemas']['Strategy']
    }
    /** ProjectRead */
    ProjectRead: {
      active_round: components['schemas']['RoundRead'] | null
      /** Auto Publish */
      auto_publish: boolean
      /** Batch Size */
      batch_size: number
      /** Budget Remaining */
      budget_remaining: number
      /** Budget Spent */
      budget_spent: number
      /** Budget Total */
      budget_total: number
      /** @default staple */
      consensus_method: components['schemas']['ConsensusMethod']
      cost_mode: components['schemas']['CostMode']
      /** Cost Per Hour */
      cost_per_hour: number
      /** Cost Per Patient */
      cost_per_patient: number
      /** Cost Per Slice */
      cost_per_slice: number
      counts: components['schemas']['ProjectCounts']
      currency: components['schemas']['Currency']
      /** Deidentify */
      deidentify: boolean
      /**
       * Double Read Fraction
       * @default 0
       */
      double_read_fraction: number
      /** @default random */
      double_read_rule: components['schemas']['DoubleReadRule']
      /** Genesis Enabled */
      genesis_enabled: boolean
      /**
       * Id
       * Format: uuid
       */
      id: string
      /** Labels */
      labels: components['schemas']['LabelDef'][]
      /** Modality */
      modality: string
      /** Name */
      name: string
      /**
       * Review Required
       * @default false
       */
      review_required: boolean
      selection_objective: components['schemas']['SelectionObjective']
      /** Stop Gain Per 100 */
      stop_gain_per_100: number | null
      strategy: components['schemas']['Strategy']
      /** Target Dice */
      target_dice: number | null
    }
    /**
     * Provenance
     * @enum {string}
     */
    Provenance: 'recorded' | 'approximated'
    /** QueueItem */
    QueueItem: {
      /** Components */
      components: {
        [key: string]: number
      }
      /** Cost */
      cost: number
      currency: components['schemas']['Currency']
      /** External Id */
      external_id: string
      /**
       * Patient Id
       * Format: uuid
       */
      patient_id: string
      /** Predicted Minutes */
      predicted_minutes: number | null
      /**
       * Project Id
       * Format: uuid
       */
      project_id: string
      /** Project Name */
      project_name: string
      /** Rank */
      rank: number
      reason: components['schemas']['SelectionReason']
      /**
       * Reserved By Me
       * @default false
       */
      reserved_by_me: boolean
      /** Reserved Until */
      reserved_until?: string | null
      /**
       * Round Id
       * Format: uuid
       */
      round_id: string
      /** Round Number */
      round_number: number
      /** Score */
      score: number
      /**
       * Second Read
       * @default false
       */
      second_read: boolean
      strategy: components['schemas']['Strategy']
    }
    /**
     * RandomCurvePoint
     * @description Validation Dice of the replay of one round with ``n_labeled`` patients, random picks instead of the round's
     *     selections, one per seed (seed 0 uses the round's own seed).
     */
    RandomCurvePoint: {
      /** Dice */
      dice: (number | null)[]
      /** Dice Mean */
      dice_mean: number | null
      /** Dice Sd */
      dice_sd: number | null
      /** N Labeled */
      n_labeled: number
      /** Round Number */
      round_number?: number | null
      start?: components['schemas']['ReplayStart'] | null
    }
    /**
     * ReadingTimeSummary
     * @description The reading-time model pricing the project's cases now (fitted on the cases timed before its latest round).
     */
    ReadingTimeSummary: {
      /** Cases */
      cases: number
      /** Features */
      features: string[]
      /** Mae Minutes */
      mae_minutes: number | null
      /** Median Minutes */
      median_minutes: number
    }
    /**
     * ReadMask
     * @description The caller's own latest read of a case in review (its voxels: ``GET /api/annotations/{annotation_id}/mask``),
     *     with where the case stands and, when a reviewer returned it to them, what to change. ``version`` is the
     *     ``base_version`` their next submission starts from.
     */
    ReadMask: {
      /**
       * Annotation Id
       * Format: uuid
       */
      annotation_id: string
      /** Comment */
      comment?: string | null
      /**
       * Created At
       * Format: date-time
       */
      created_at: string
      /** Read Number */
      read_number: number
      review_status: components['schemas']['ReviewStatus']
      /** Reviewer */
      reviewer?: string | null
      /** Version */
      version: number
    }
    /**
     * ReadSummary
     * @description The latest version of one reader's read of the case (its voxels: ``GET /api/annotations/{id}/mask``).
     */
    ReadSummary: {
      /**
       * Annotation Id
       * Format: uuid
       */
      annotation_id: string
      /** Author */
      author: string | null
      /** Author Id */
      author_id?: string | null
      /**
       * Created At
       * Format: date-time
       */
      created_at: string
      /** Read Number */
      read_number: number
      /** Time Spent S */
      time_spent_s: number | null
      /** Version */
      version: number
    }
    /**
     * ReasonFigure
     * @description One number behind the reason: the component's stored name, what it means, its value and how to read it.
     */
    ReasonFigure: {
      /** Label */
      label: string
      /** Name */
      name: string
      /** Text */
      text: string
      /** Value */
      value: number
    }
    /**
     * ReasonKind
     * @description The kind of reason, so a client can style or filter it without parsing the sentence.
     * @enum {string}
     */
    ReasonKind: 'uncertain' | 'no_prediction' | 'unlike_annotated' | 'uncertain_and_unlike' | 'random' | 'score'
    /**
     * ReplayStart
     * @description Where a replayed round's training started, as the real round's did.
     * @enum {string}
     */
    ReplayStart: 'genesis' | 'previous' | 'scratch'
    /** ReservationRead */
    ReservationRead: {
      /**
       * Expires At
       * Format: date-time
       */
      expires_at: string
      /**
       * Patient Id
       * Format: uuid
       */
      patient_id: string
      /** Username */
      username: string
    }
    /**
     * ReturnedCase
     * @description A case a reviewer sent back to the caller: open it to see their read and fix it.
     */
    ReturnedCase: {
      /** Comment */
      comment: string | null
      /** External Id */
      external_id: string
      /**
       * Patient Id
       * Format: uuid
       */
      patient_id: string
      /**
       * Project Id
       * Format: uuid
       */
      project_id: string
      /** Project Name */
      project_name: string
      /**
       * Returned At
       * Format: date-time
       */
      returned_at: string
      /** Reviewer */
      reviewer: string | null
    }
    /** ReturnRequest */
    ReturnRequest: {
      /**
       * Comment
       * @description What the reader should change
       */
      comment: string
      /** Reader Id */
      reader_id?: string | null
      /**
       * Review Time S
       * @description The reviewer's active seconds
       */
      review_time_s?: number | null
    }
    /** ReviewAccepted */
    ReviewAccepted: {
      /**
       * Annotation Id
       * Format: uuid
       */
      annotation_id: string
      /** Edited */
      edited: boolean
      /** Version */
      version: number
    }
    /**
     * ReviewDecision
     * @description One reviewer decision, from the audit trail.
     */
    ReviewDecision: {
      action: components['schemas']['DecisionAction']
      /**
       * At
       * Format: date-time
       */
      at: string
      /** Comment */
      comment: string | null
      /** Edited */
      edited?: boolean | null
      /** Review Time S */
      review_time_s?: number | null
      /** Reviewer */
      reviewer: string | null
      /** To */
      to?: string | null
      /** Version */
      version?: number | null
    }
    /**
     * ReviewDetail
     * @description Everything a reviewer compares: the reads, the consensus proposed for a double-read case, how the reads
     *     agree, every version of the case, the decisions so far.
     */
    ReviewDetail: {
      /**
       * Agreement
       * @default []
       */
      agreement: components['schemas']['AgreementRead'][]
      /** Comment */
      comment: string | null
      consensus?: components['schemas']['ConsensusRead'] | null
      /** Decisions */
      decisions: components['schemas']['ReviewDecision'][]
      /** Double Read */
      double_read: boolean
      /** External Id */
      external_id: string
      /** Has Prediction */
      has_prediction: boolean
      /** History */
      history: components['schemas']['AnnotationRead'][]
      /**
       * Patient Id
       * Format: uuid
       */
      patient_id: string
      /**
       * Project Id
       * Format: uuid
       */
      project_id: string
      /** Project Name */
      project_name: string
      /** Reads */
      reads: components['schemas']['ReadSummary'][]
      /** Returned To */
      returned_to: string | null
      /** Review Time S */
      review_time_s: number
      /** Reviewer */
      reviewer: string | null
      status: components['schemas']['ReviewStatus']
      /**
       * Updated At
       * Format: date-time
       */
      updated_at: string
    }
    /**
     * ReviewerLoad
     * @description A reviewer's decisions in the project and the active time they took (issue 17): never charged.
     */
    ReviewerLoad: {
      /** Accepted */
      accepted: number
      /** Edited */
      edited: number
      /** Hours */
      hours: number
      /** Returned */
      returned: number
      /** Username */
      username: string
    }
    /**
     * ReviewItem
     * @description A case in a review queue.
     */
    ReviewItem: {
      /** Comment */
      comment: string | null
      /** Double Read */
      double_read: boolean
      /** External Id */
      external_id: string
      /**
       * Patient Id
       * Format: uuid
       */
      patient_id: string
      /**
       * Project Id
       * Format: uuid
       */
      project_id: string
      /** Project Name */
      project_name: string
      /** Reads */
      reads: components['schemas']['ReadSummary'][]
      /** Returned To */
      returned_to: string | null
      /** Review Time S */
      review_time_s: number
      /** Reviewer */
      reviewer: string | null
      status: components['schemas']['ReviewStatus']
      /**
       * Updated At
       * Format: date-time
       */
      updated_at: string
    }
    /**
     * ReviewStatus
     * @description Where a submitted case stands on its way to accepted ground truth (``backend/review/state.py``).
     * @enum {string}
     */
    ReviewStatus: 'second_read' | 'pending' | 'returned' | 'accepted'
    /**
     * Role
     * @enum {string}
     */
    Role: 'admin' | 'lead' | 'radiologist'
    /**
     * RoundApprove
     * @description The selection to publish; omitted (null) keeps the round's proposed selection.
     */
    RoundApprove: {
      /** Patient Ids */
      patient_ids?: string[] | null
    }
    /** RoundCreate */
    RoundCreate: {
      /** Batch Size */
      batch_size?: number | null
      /** Epochs */
      epochs?: number | null
      strategy?: components['schemas']['Strategy'] | null
    }
    /** RoundRead */
    RoundRead: {
      /** Batch Size */
      batch_size: number
      /**
       * Created At
       * Format: date-time
       */
      created_at: string
      /** Error */
      error: string | null
      /** Finished At */
      finished_at: string | null
      /**
       * Id
       * Format: uuid
       */
      id: string
      job?: components['schemas']['JobRead'] | null
      /** Metrics */
      metrics: {
        [key: string]: unknown
      }
      /** Model Version Id */
      model_version_id?: string | null
      /** Number */
      number: number
      /**
       * Progress
       * @default {}
       */
      progress: {
        [key: string]: unknown
      }
      /**
       * Project Id
       * Format: uuid
       */
      project_id: string
      /** Started At */
      started_at: string | null
      status: components['schemas']['RoundStatus']
      strategy: components['schemas']['Strategy']
    }
    /**
     * RoundStatus
     * @enum {string}
     */
    RoundStatus:
      | 'created'
      | 'pretraining'
      | 'training'
      | 'scoring'
      | 'selecting'
      | 'review'
      | 'ready'
      | 'annotating'
      | 'closed'
      | 'failed'
      | 'cancelled'
    /** RoundTimeline */
    RoundTimeline: {
      /** Batch Size */
      batch_size: number
      /**
       * Created At
       * Format: date-time
       */
      created_at: string
      /** Duration S */
      duration_s: number | null
      /** Error */
      error: string | null
      /** Finished At */
      finished_at: string | null
      /**
       * Id
       * Format: uuid
       */
      id: string
      /** N Selected */
      n_selected: number | null
      /** N Train */
      n_train: number | null
      /** Number */
      number: number
      /** Progress */
      progress: {
        [key: string]: unknown
      }
      /** Started At */
      started_at: string | null
      status: components['schemas']['RoundStatus']
      strategy: components['schemas']['Strategy']
      /** Val Dice */
      val_dice: number | null
      /** Val Dice Per Label */
      val_dice_per_label: {
        [key: string]: number
      }
    }
    /** RunningJobRead */
    RunningJobRead: {
      /** Attempts */
      attempts: number
      /** Heartbeat Age S */
      heartbeat_age_s: number | null
      /** Heartbeat At */
      heartbeat_at: string | null
      /**
       * Id
       * Format: uuid
       */
      id: string
      /** Kind */
      kind: string
      /** Max Attempts */
      max_attempts: number
      /** Progress */
      progress: {
        [key: string]: unknown
      }
      /** Project Id */
      project_id: string | null
      /** Round Id */
      round_id: string | null
      /** Round Number */
      round_number: number | null
      round_status: components['schemas']['RoundStatus'] | null
      /** Stale */
      stale: boolean
      /** Started At */
      started_at: string | null
      status: components['schemas']['JobStatus']
      /** Worker */
      worker: string | null
    }
    /** ScoreRead */
    ScoreRead: {
      /** Components */
      components: {
        [key: string]: number
      }
      /** Cost */
      cost: number
      /** External Id */
      external_id: string
      /**
       * Patient Id
       * Format: uuid
       */
      patient_id: string
      /** Predicted Minutes */
      predicted_minutes: number | null
      /** Rank */
      rank: number
      reason: components['schemas']['SelectionReason']
      /** Score */
      score: number
      /** Selected */
      selected: boolean
    }
    /** SegCodingUpdate */
    SegCodingUpdate: {
      /** Labels */
      labels: components['schemas']['SegmentCodingWrite'][]
    }
    /**
     * SegDeliveryRead
     * @description One STOW-RS of a patient's accepted SEG. ``created`` is false when this annotation had been sent to this
     *     PACS before: the same instance (same UIDs) was stored again, so the PACS still holds one.
     */
    SegDeliveryRead: {
      /** Created */
      created: boolean
      /**
       * Sent At
       * Format: date-time
       */
      sent_at: string
      /** Series Instance Uid */
      series_instance_uid: string
      /** Sop Instance Uid */
      sop_instance_uid: string
    }
    /**
     * SegmentCodingRead
     * @description The codes a label's segment is written with; ``default`` when the lead has not chosen them.
     */
    SegmentCodingRead: {
      category: components['schemas']['CodedConceptDef']
      /** Default */
      default: boolean
      /** Name */
      name: string
      type: components['schemas']['CodedConceptDef']
      /** Value */
      value: number
    }
    /** SegmentCodingWrite */
    SegmentCodingWrite: {
      category?: components['schemas']['CodedConceptDef'] | null
      type?: components['schemas']['CodedConceptDef'] | null
      /** Value */
      value: number
    }
    /**
     * Selection
     * @description How a batch is picked from the scores (``worker.ml.selection.select_batch``).
     * @enum {string}
     */
    Selection: 'rank' | 'kcenter' | 'hybrid'
    /**
     * SelectionObjective
     * @description How a round picks its batch within the remaining budget: by score, or by score per unit of cost.
     * @enum {string}
     */
    SelectionObjective: 'score' | 'value_per_cost'
    /** SelectionReason */
    SelectionReason: {
      /** Figures */
      figures: components['schemas']['ReasonFigure'][]
      kind: components['schemas']['ReasonKind']
      /** Summary */
      summary: string
    }
    /** SessionRead */
    SessionRead: {
      /** Client Address */
      client_address: string | null
      /**
       * Created At
       * Format: date-time
       */
      created_at: string
      /** Current */
      current: boolean
      /**
       * Expires At
       * Format: date-time
       */
      expires_at: string
      /**
       * Id
       * Format: uuid
       */
      id: string
      /**
       * Last Seen At
       * Format: date-time
       */
      last_seen_at: string
      /** User Agent */
      user_agent: string | null
    }
    /**
     * SessionState
     * @description Who the caller is logged in as; ``user`` is null for an anonymous visitor or an ended session.
     */
    SessionState: {
      /**
       * Pending Reviews
       * @default 0
       */
      pending_reviews: number
      /**
       * Reviews
       * @default false
       */
      reviews: boolean
      user: components['schemas']['UserRead'] | null
    }
    /** SettingsUpdate */
    SettingsUpdate: {
      /** Auto Publish */
      auto_publish?: boolean | null
      /** Batch Size */
      batch_size?: number | null
      consensus_method?: components['schemas']['ConsensusMethod'] | null
      /** Deidentify */
      deidentify?: boolean | null
      /** Double Read Fraction */
      double_read_fraction?: number | null
      double_read_rule?: components['schemas']['DoubleReadRule'] | null
      /** Genesis Enabled */
      genesis_enabled?: boolean | null
      /** Review Required */
      review_required?: boolean | null
      selection_objective?: components['schemas']['SelectionObjective'] | null
      /** Stop Gain Per 100 */
      stop_gain_per_100?: number | null
      strategy?: components['schemas']['Strategy'] | null
      /** Target Dice */
      target_dice?: number | null
    }
    /** SimulationCreate */
    SimulationCreate: {
      /**
       * Seeds
       * @default 5
       */
      seeds?: number
    }
    /**
     * SimulationRead
     * @description The latest random-baseline job of a project: where it stands and what it found so far.
     */
    SimulationRead: {
      /**
       * Created At
       * Format: date-time
       */
      created_at: string
      /** Error */
      error: string | null
      /** Finished At */
      finished_at: string | null
      /**
       * Id
       * Format: uuid
       */
      id: string
      /** Progress */
      progress: {
        [key: string]: unknown
      }
      result: components['schemas']['SimulationResult'] | null
      /** Seeds */
      seeds: number
      /** Sizes */
      sizes: number[]
      /** Started At */
      started_at: string | null
      status: components['schemas']['JobStatus']
    }
    /** SimulationResult */
    SimulationResult: {
      /** Ground Truth */
      ground_truth: number
      initial_patients?: components['schemas']['Provenance'] | null
      /** Points */
      points: components['schemas']['RandomCurvePoint'][]
      /** Seeds */
      seeds: number
      /**
       * Skipped
       * @default []
       */
      skipped: number[]
      validation_patients?: components['schemas']['Provenance'] | null
    }
    /** SkipCreate */
    SkipCreate: {
      /**
       * Note
       * @default
       */
      note?: string
      reason: components['schemas']['SkipReason']
    }
    /** SkipRead */
    SkipRead: {
      /**
       * Created At
       * Format: date-time
       */
      created_at: string
      /** External Id */
      external_id: string
      /**
       * Id
       * Format: uuid
       */
      id: string
      /** Note */
      note: string
      /**
       * Patient Id
       * Format: uuid
       */
      patient_id: string
      reason: components['schemas']['SkipReason']
      /** Resolved At */
      resolved_at: string | null
      /** Round Id */
      round_id: string | null
      /** Skipped By */
      skipped_by: string | null
    }
    /**
     * SkipReason
     * @enum {string}
     */
    SkipReason: 'poor_quality' | 'out_of_scope' | 'other'
    /**
     * Split
     * @enum {string}
     */
    Split: 'pool' | 'validation'
    /**
     * StartingMask
     * @description Which drawing a viewer opens the case with (``CaseMasks.starting``).
     * @enum {string}
     */
    StartingMask: 'draft' | 'read' | 'accepted' | 'prediction' | 'empty'
    /**
     * Strategy
     * @description How a round scores the pool; the order is the order the round settings offer them in.
     * @enum {string}
     */
    Strategy: 'random' | 'entropy' | 'mc_dropout' | 'acft' | 'unetpp_heads' | 'coreset' | 'hybrid'
    /**
     * StrategyRead
     * @description One strategy a lead can choose, with what it costs and needs, so a client can explain the choice.
     */
    StrategyRead: {
      /** Description */
      description: string
      /**
       * Forward Passes
       * @description network passes per pool patient with the worker's default settings: the scoring time
       */
      forward_passes: number
      /** Label */
      label: string
      name: components['schemas']['Strategy']
      /**
       * Needs Heads
       * @description scoring compares the UNet++ deep-supervision heads
       */
      needs_heads: boolean
      /**
       * Needs Mc Dropout
       * @description scoring adds Monte Carlo dropout samples
       */
      needs_mc_dropout: boolean
      /**
       * Needs Model
       * @description the score comes from the trained model (random does not use it)
       */
      needs_model: boolean
      /**
       * Needs Views
       * @description scoring adds flipped and rotated views of each image
       */
      needs_views: boolean
      selection: components['schemas']['Selection']
      /**
       * Uses Embeddings
       * @description selection compares the patients' bottleneck embeddings
       */
      uses_embeddings: boolean
    }
    /** Throughput */
    Throughput: {
      /** Agreement With Accepted */
      agreement_with_accepted?: number | null
      /** Agreement With Readers */
      agreement_with_readers?: number | null
      /** Cases */
      cases: number
      /** Cases Per Hour */
      cases_per_hour: number | null
      /**
       * Cases Read Twice
       * @default 0
       */
      cases_read_twice: number
      /**
       * Cases Reviewed
       * @default 0
       */
      cases_reviewed: number
      /** Hours */
      hours: number
      /** Median Seconds */
      median_seconds: number | null
      /**
       * Returned
       * @default 0
       */
      returned: number
      /** Timed Cases */
      timed_cases: number
      /** Username */
      username: string
    }
    /** UserAdminRead */
    UserAdminRead: {
      /**
       * Created At
       * Format: date-time
       */
      created_at: string
      /**
       * Id
       * Format: uuid
       */
      id: string
      /** Is Active */
      is_active: boolean
      role: components['schemas']['Role']
      /** Username */
      username: string
    }
    /** UserBrief */
    UserBrief: {
      /**
       * Id
       * Format: uuid
       */
      id: string
      role: components['schemas']['Role']
      /** Username */
      username: string
    }
    /** UserCreate */
    UserCreate: {
      /** Password */
      password: string
      role: components['schemas']['Role']
      /** Username */
      username: string
    }
    /** UserRead */
    UserRead: {
      /**
       * Id
       * Format: uuid
       */
      id: string
      /** Is Active */
      is_active: boolean
      role: components['schemas']['Role']
      /** Username */
      username: string
    }
    /** UserUpdate */
    UserUpdate: {
      /** Is Active */
      is_active?: boolean | null
      role?: components['schemas']['Role'] | null
    }
    /**
     * VolumeLevel
     * @description Which version of the image ``GET /api/patients/{id}/volume`` sends.
     * @enum {string}
     */
    VolumeLevel: 'full' | 'preview'
    /** WorkerRead */
    WorkerRead: {
      /** Active Job Ids */
      active_job_ids: string[]
      /** Active Tasks */
      active_tasks: number
      /** Name */
      name: string
    }
  }
  responses: never
  parameters: never
  requestBodies: never
  headers: never
  pathItems: never
}
export type $defs = Record<string, never>
export interface operations {
  audit_log_api_admin_audit_get: {
    parameters: {
      query?: {
        /** @description an action or a prefix such as project */
        action?: string | null
        limit?: number
        offset?: number
        project_id?: string | null
        since?: string | null
        until?: string | null
        /** @description username of the actor */
        user?: string | null
      }
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['AuditPage']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  admin_health_api_admin_health_get: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['HealthRead']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  list_users_api_admin_users_get: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['UserAdminRead'][]
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  create_user_api_admin_users_post: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': components['schemas']['UserCreate']
      }
    }
    responses: {
      /** @description Successful Response */
      201: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['UserAdminRead']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Conflicts with the current state (e.g. a colleague's reservation, the budget, the round's status) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The upload is larger than the configured limits */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  update_user_api_admin_users__user_id__patch: {
    parameters: {
      query?: never
      header?: never
      path: {
        user_id: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': components['schemas']['UserUpdate']
      }
    }
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['UserAdminRead']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Conflicts with the current state (e.g. a colleague's reservation, the budget, the round's status) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The upload is larger than the configured limits */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  reset_password_api_admin_users__user_id__password_post: {
    parameters: {
      query?: never
      header?: never
      path: {
        user_id: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': components['schemas']['PasswordReset']
      }
    }
    responses: {
      /** @description Successful Response */
      204: {
        headers: {
          [name: string]: unknown
        }
        content?: never
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Conflicts with the current state (e.g. a colleague's reservation, the budget, the round's status) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The upload is larger than the configured limits */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  get_mask_api_annotations__annotation_id__mask_get: {
    parameters: {
      query?: never
      header?: never
      path: {
        annotation_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description The gzipped NIfTI file; with `Accept: application/x-nifti`, the NIfTI sent with `Content-Encoding: gzip` (an HTTP client inflates it) */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/gzip': string
          'application/x-nifti': unknown
        }
      }
      /** @description Not modified: If-None-Match matched the blob's ETag */
      304: {
        headers: {
          [name: string]: unknown
        }
        content?: never
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  login_api_auth_login_post: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': components['schemas']['LoginRequest']
      }
    }
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['LoginResponse']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Conflicts with the current state (e.g. a colleague's reservation, the budget, the round's status) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The upload is larger than the configured limits */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Too many attempts; retry after the number of seconds in the Retry-After header */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  logout_api_auth_logout_post: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      204: {
        headers: {
          [name: string]: unknown
        }
        content?: never
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Conflicts with the current state (e.g. a colleague's reservation, the budget, the round's status) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  me_api_auth_me_get: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['UserRead']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  change_password_api_auth_password_post: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': components['schemas']['PasswordChange']
      }
    }
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['PasswordChanged']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Conflicts with the current state (e.g. a colleague's reservation, the budget, the round's status) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The upload is larger than the configured limits */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Too many failed password checks; retry after Retry-After seconds */
      429: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  session_state_api_auth_session_get: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['SessionState']
        }
      }
    }
  }
  my_sessions_api_auth_sessions_get: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['SessionRead'][]
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  health_api_health_get: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': {
            [key: string]: string
          }
        }
      }
    }
  }
  get_patient_api_patients__patient_id__get: {
    parameters: {
      query?: never
      header?: never
      path: {
        patient_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['PatientDetail']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  update_patient_api_patients__patient_id__patch: {
    parameters: {
      query?: never
      header?: never
      path: {
        patient_id: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': components['schemas']['PatientUpdate']
      }
    }
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['PatientSummary']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Conflicts with the current state (e.g. a colleague's reservation, the budget, the round's status) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The upload is larger than the configured limits */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  list_annotations_api_patients__patient_id__annotations_get: {
    parameters: {
      query?: never
      header?: never
      path: {
        patient_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['AnnotationRead'][]
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  submit_annotation_api_patients__patient_id__annotations_post: {
    parameters: {
      query?: never
      header?: never
      path: {
        patient_id: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'multipart/form-data': components['schemas']['Body_submit_annotation_api_patients__patient_id__annotations_post']
      }
    }
    responses: {
      /** @description Successful Response */
      201: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['AnnotationCreated']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Conflicts with the current state (e.g. a colleague's reservation, the budget, the round's status) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The upload is larger than the configured limits */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  get_draft_api_patients__patient_id__draft_get: {
    parameters: {
      query?: never
      header?: never
      path: {
        patient_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['DraftRead']
        }
      }
      /** @description The caller has no draft of this patient */
      204: {
        headers: {
          [name: string]: unknown
        }
        content?: never
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  save_draft_api_patients__patient_id__draft_put: {
    parameters: {
      query?: never
      header?: never
      path: {
        patient_id: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'multipart/form-data': components['schemas']['Body_save_draft_api_patients__patient_id__draft_put']
      }
    }
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['DraftRead']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Conflicts with the current state (e.g. a colleague's reservation, the budget, the round's status) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The upload is larger than the configured limits */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  discard_draft_api_patients__patient_id__draft_delete: {
    parameters: {
      query?: never
      header?: never
      path: {
        patient_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      204: {
        headers: {
          [name: string]: unknown
        }
        content?: never
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Conflicts with the current state (e.g. a colleague's reservation, the budget, the round's status) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  get_draft_mask_api_patients__patient_id__draft_mask_get: {
    parameters: {
      query?: never
      header?: never
      path: {
        patient_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description The gzipped NIfTI file; with `Accept: application/x-nifti`, the NIfTI sent with `Content-Encoding: gzip` (an HTTP client inflates it) */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/gzip': string
          'application/x-nifti': unknown
        }
      }
      /** @description Not modified: If-None-Match matched the blob's ETag */
      304: {
        headers: {
          [name: string]: unknown
        }
        content?: never
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  correct_ground_truth_api_patients__patient_id__ground_truth_post: {
    parameters: {
      query?: never
      header?: never
      path: {
        patient_id: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'multipart/form-data': components['schemas']['Body_correct_ground_truth_api_patients__patient_id__ground_truth_post']
      }
    }
    responses: {
      /** @description Successful Response */
      201: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['AnnotationCreated']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Conflicts with the current state (e.g. a colleague's reservation, the budget, the round's status) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The upload is larger than the configured limits */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  get_prediction_api_patients__patient_id__prediction_get: {
    parameters: {
      query?: never
      header?: never
      path: {
        patient_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description The gzipped NIfTI file; with `Accept: application/x-nifti`, the NIfTI sent with `Content-Encoding: gzip` (an HTTP client inflates it) */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/gzip': string
          'application/x-nifti': unknown
        }
      }
      /** @description Not modified: If-None-Match matched the blob's ETag */
      304: {
        headers: {
          [name: string]: unknown
        }
        content?: never
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  reserve_api_patients__patient_id__reservation_post: {
    parameters: {
      query?: never
      header?: never
      path: {
        patient_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ReservationRead']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Conflicts with the current state (e.g. a colleague's reservation, the budget, the round's status) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  release_api_patients__patient_id__reservation_delete: {
    parameters: {
      query?: never
      header?: never
      path: {
        patient_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      204: {
        headers: {
          [name: string]: unknown
        }
        content?: never
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Conflicts with the current state (e.g. a colleague's reservation, the budget, the round's status) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  get_review_api_patients__patient_id__review_get: {
    parameters: {
      query?: never
      header?: never
      path: {
        patient_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ReviewDetail']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  accept_review_api_patients__patient_id__review_accept_post: {
    parameters: {
      query?: never
      header?: never
      path: {
        patient_id: string
      }
      cookie?: never
    }
    requestBody?: {
      content: {
        'multipart/form-data': components['schemas']['Body_accept_review_api_patients__patient_id__review_accept_post']
      }
    }
    responses: {
      /** @description Successful Response */
      201: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ReviewAccepted']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Conflicts with the current state (e.g. a colleague's reservation, the budget, the round's status) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The upload is larger than the configured limits */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  return_review_api_patients__patient_id__review_return_post: {
    parameters: {
      query?: never
      header?: never
      path: {
        patient_id: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': components['schemas']['ReturnRequest']
      }
    }
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ReviewItem']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Conflicts with the current state (e.g. a colleague's reservation, the budget, the round's status) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The upload is larger than the configured limits */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  skip_api_patients__patient_id__skip_post: {
    parameters: {
      query?: never
      header?: never
      path: {
        patient_id: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': components['schemas']['SkipCreate']
      }
    }
    responses: {
      /** @description Successful Response */
      201: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['SkipRead']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Conflicts with the current state (e.g. a colleague's reservation, the budget, the round's status) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The upload is larger than the configured limits */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  resolve_skip_api_patients__patient_id__skip_resolve_post: {
    parameters: {
      query?: never
      header?: never
      path: {
        patient_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['SkipRead']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Conflicts with the current state (e.g. a colleague's reservation, the budget, the round's status) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  get_uncertainty_api_patients__patient_id__uncertainty_get: {
    parameters: {
      query?: never
      header?: never
      path: {
        patient_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description The gzipped NIfTI file; with `Accept: application/x-nifti`, the NIfTI sent with `Content-Encoding: gzip` (an HTTP client inflates it) */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/gzip': string
          'application/x-nifti': unknown
        }
      }
      /** @description Not modified: If-None-Match matched the blob's ETag */
      304: {
        headers: {
          [name: string]: unknown
        }
        content?: never
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  get_volume_api_patients__patient_id__volume_get: {
    parameters: {
      query?: {
        /** @description full: the stored volume; preview: every n-th voxel (see backend.patient.preview) */
        level?: components['schemas']['VolumeLevel']
      }
      header?: never
      path: {
        patient_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description The gzipped NIfTI file; with `Accept: application/x-nifti`, the NIfTI sent with `Content-Encoding: gzip` (an HTTP client inflates it) */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/gzip': string
          'application/x-nifti': unknown
        }
      }
      /** @description Not modified: If-None-Match matched the blob's ETag */
      304: {
        headers: {
          [name: string]: unknown
        }
        content?: never
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  list_projects_api_projects_get: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ProjectRead'][]
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  create_project_api_projects_post: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': components['schemas']['ProjectCreate']
      }
    }
    responses: {
      /** @description Successful Response */
      201: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ProjectRead']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Conflicts with the current state (e.g. a colleague's reservation, the budget, the round's status) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The upload is larger than the configured limits */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  get_project_api_projects__project_id__get: {
    parameters: {
      query?: never
      header?: never
      path: {
        project_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ProjectRead']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  list_project_annotations_api_projects__project_id__annotations_get: {
    parameters: {
      query?: {
        /** @description the previous page's next cursor (its Link rel=next or X-Next-Cursor header) */
        cursor?: string | null
        /** @description rows per page */
        limit?: number
      }
      header?: never
      path: {
        project_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description One page of the list; the headers announce the next page, and their absence the last. */
      200: {
        headers: {
          /** @description The next page as `<url>; rel="next"` (RFC 8288) */
          Link?: string
          /** @description The next page's `cursor` parameter */
          'X-Next-Cursor'?: string
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ProjectAnnotationRead'][]
        }
      }
      /** @description A cursor this list did not return */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  update_budget_api_projects__project_id__budget_patch: {
    parameters: {
      query?: never
      header?: never
      path: {
        project_id: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': components['schemas']['BudgetUpdate']
      }
    }
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ProjectRead']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Conflicts with the current state (e.g. a colleague's reservation, the budget, the round's status) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The upload is larger than the configured limits */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  project_dashboard_api_projects__project_id__dashboard_get: {
    parameters: {
      query?: never
      header?: never
      path: {
        project_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['Dashboard']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  export_labels_api_projects__project_id__export_get: {
    parameters: {
      query?: {
        /** @description nnunet/msd: the dataset or task number */
        dataset_id?: number
        /** @description nifti: masks + manifest; nnunet: nnU-Net v2 dataset; msd: MSD task */
        format?: components['schemas']['ExportFormat']
        /** @description nifti: also each reader's read and the consensus of reviewed cases (reads.csv) */
        include_reads?: boolean
      }
      header?: never
      path: {
        project_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/zip': string
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  import_files_api_projects__project_id__imports_post: {
    parameters: {
      query?: never
      header?: never
      path: {
        project_id: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'multipart/form-data': components['schemas']['Body_import_files_api_projects__project_id__imports_post']
      }
    }
    responses: {
      /** @description Successful Response */
      201: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ImportResult']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Conflicts with the current state (e.g. a colleague's reservation, the budget, the round's status) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The upload is larger than the configured limits */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  get_ledger_api_projects__project_id__ledger_get: {
    parameters: {
      query?: {
        /** @description the previous page's next cursor (its Link rel=next or X-Next-Cursor header) */
        cursor?: string | null
        /** @description rows per page */
        limit?: number
      }
      header?: never
      path: {
        project_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description One page of the list; the headers announce the next page, and their absence the last. */
      200: {
        headers: {
          /** @description The next page as `<url>; rel="next"` (RFC 8288) */
          Link?: string
          /** @description The next page's `cursor` parameter */
          'X-Next-Cursor'?: string
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['LedgerRead']
        }
      }
      /** @description A cursor this list did not return */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  get_members_api_projects__project_id__members_get: {
    parameters: {
      query?: never
      header?: never
      path: {
        project_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['MemberRead'][]
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  put_members_api_projects__project_id__members_put: {
    parameters: {
      query?: never
      header?: never
      path: {
        project_id: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': components['schemas']['MembersUpdate']
      }
    }
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['MemberRead'][]
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Conflicts with the current state (e.g. a colleague's reservation, the budget, the round's status) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The upload is larger than the configured limits */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  get_connection_api_projects__project_id__pacs_get: {
    parameters: {
      query?: never
      header?: never
      path: {
        project_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['PacsConnectionRead'] | null
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  put_connection_api_projects__project_id__pacs_put: {
    parameters: {
      query?: never
      header?: never
      path: {
        project_id: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': components['schemas']['PacsConnectionWrite']
      }
    }
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['PacsConnectionRead']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Conflicts with the current state (e.g. a colleague's reservation, the budget, the round's status) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The upload is larger than the configured limits */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  delete_connection_api_projects__project_id__pacs_delete: {
    parameters: {
      query?: never
      header?: never
      path: {
        project_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      204: {
        headers: {
          [name: string]: unknown
        }
        content?: never
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The project has no PACS connection */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Conflicts with the current state (e.g. a colleague's reservation, the budget, the round's status) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  list_imports_api_projects__project_id__pacs_imports_get: {
    parameters: {
      query?: never
      header?: never
      path: {
        project_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['PacsImportRead'][]
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  start_import_api_projects__project_id__pacs_imports_post: {
    parameters: {
      query?: never
      header?: never
      path: {
        project_id: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': components['schemas']['PacsImportCreate']
      }
    }
    responses: {
      /** @description Successful Response */
      202: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['PacsImportRead']
        }
      }
      /** @description A study or series is not in the PACS */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The project has no PACS connection */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Conflicts with the current state (e.g. a colleague's reservation, the budget, the round's status) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The upload is larger than the configured limits */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter is invalid, or the project's PACS could not be used (error PacsUnavailable: unreachable, refused the credentials, or not a DICOMweb service; the detail says which) */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  get_import_api_projects__project_id__pacs_imports__job_id__get: {
    parameters: {
      query?: never
      header?: never
      path: {
        job_id: string
        project_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['PacsImportRead']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  cancel_import_api_projects__project_id__pacs_imports__job_id__cancel_post: {
    parameters: {
      query?: never
      header?: never
      path: {
        job_id: string
        project_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['PacsImportRead']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The import has already ended */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  search_studies_api_projects__project_id__pacs_studies_get: {
    parameters: {
      query?: {
        /** @description AccessionNumber */
        accession?: string | null
        /** @description first study date, YYYY-MM-DD */
        date_from?: string | null
        /** @description last study date, YYYY-MM-DD */
        date_to?: string | null
        /** @description part of the study description */
        description?: string | null
        limit?: number
        /** @description e.g. MR, CT */
        modality?: string | null
        offset?: number
        /** @description exact PatientID */
        patient_id?: string | null
      }
      header?: never
      path: {
        project_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['PacsStudy'][]
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The project has no PACS connection */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter is invalid, or the project's PACS could not be used (error PacsUnavailable: unreachable, refused the credentials, or not a DICOMweb service; the detail says which) */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  list_series_api_projects__project_id__pacs_studies__study_uid__series_get: {
    parameters: {
      query?: never
      header?: never
      path: {
        project_id: string
        study_uid: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['PacsSeries'][]
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description No PACS connection, or the PACS has no such study */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter is invalid, or the project's PACS could not be used (error PacsUnavailable: unreachable, refused the credentials, or not a DICOMweb service; the detail says which) */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  verify_connection_api_projects__project_id__pacs_verify_post: {
    parameters: {
      query?: never
      header?: never
      path: {
        project_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['PacsVerifyRead']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The project has no PACS connection */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Conflicts with the current state (e.g. a colleague's reservation, the budget, the round's status) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  list_patients_api_projects__project_id__patients_get: {
    parameters: {
      query?: {
        /** @description the previous page's next cursor (its Link rel=next or X-Next-Cursor header) */
        cursor?: string | null
        /** @description rows per page */
        limit?: number
        /** @description part of the external id (pseudonym), any case */
        q?: string | null
        /** @description only the patients this round selected */
        round?: number | null
        /** @description only pool or only validation patients */
        split?: components['schemas']['Split'] | null
        /** @description only patients in this state */
        state?: components['schemas']['PatientState'] | null
      }
      header?: never
      path: {
        project_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description One page of the list; the headers announce the next page, and their absence the last. */
      200: {
        headers: {
          /** @description The next page as `<url>; rel="next"` (RFC 8288) */
          Link?: string
          /** @description The next page's `cursor` parameter */
          'X-Next-Cursor'?: string
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['PatientSummary'][]
        }
      }
      /** @description The project has no round of that number, or a cursor it did not return */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  get_identity_api_projects__project_id__patients__patient_id__identity_get: {
    parameters: {
      query?: never
      header?: never
      path: {
        patient_id: string
        project_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['PatientIdentityRead']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  download_seg_api_projects__project_id__patients__patient_id__seg_get: {
    parameters: {
      query?: never
      header?: never
      path: {
        patient_id: string
        project_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/dicom': string
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The patient has no accepted label, or its image was not imported from DICOM */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  send_seg_api_projects__project_id__patients__patient_id__seg_send_post: {
    parameters: {
      query?: never
      header?: never
      path: {
        patient_id: string
        project_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['SegDeliveryRead']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description No accepted label, no DICOM source series, or the project has no PACS connection */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The PACS refused the SEG or could not be reached (the detail says why) */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  get_pretraining_api_projects__project_id__pretraining_get: {
    parameters: {
      query?: never
      header?: never
      path: {
        project_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['PretrainingRead'] | null
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  list_rounds_api_projects__project_id__rounds_get: {
    parameters: {
      query?: never
      header?: never
      path: {
        project_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['RoundRead'][]
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  start_round_api_projects__project_id__rounds_post: {
    parameters: {
      query?: never
      header?: never
      path: {
        project_id: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': components['schemas']['RoundCreate']
      }
    }
    responses: {
      /** @description Successful Response */
      202: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['RoundRead']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Conflicts with the current state (e.g. a colleague's reservation, the budget, the round's status) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The upload is larger than the configured limits */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  get_seg_codes_api_projects__project_id__seg_codes_get: {
    parameters: {
      query?: never
      header?: never
      path: {
        project_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['SegmentCodingRead'][]
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  put_seg_codes_api_projects__project_id__seg_codes_put: {
    parameters: {
      query?: never
      header?: never
      path: {
        project_id: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': components['schemas']['SegCodingUpdate']
      }
    }
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['SegmentCodingRead'][]
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Conflicts with the current state (e.g. a colleague's reservation, the budget, the round's status) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The upload is larger than the configured limits */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  update_settings_api_projects__project_id__settings_patch: {
    parameters: {
      query?: never
      header?: never
      path: {
        project_id: string
      }
      cookie?: never
    }
    requestBody: {
      content: {
        'application/json': components['schemas']['SettingsUpdate']
      }
    }
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ProjectRead']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Conflicts with the current state (e.g. a colleague's reservation, the budget, the round's status) */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The upload is larger than the configured limits */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  get_random_api_projects__project_id__simulations_random_get: {
    parameters: {
      query?: never
      header?: never
      path: {
        project_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['SimulationRead']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  start_random_api_projects__project_id__simulations_random_post: {
    parameters: {
      query?: never
      header?: never
      path: {
        project_id: string
      }
      cookie?: never
    }
    requestBody?: {
      content: {
        'application/json': components['schemas']['SimulationCreate'] | null
      }
    }
    responses: {
      /** @description Successful Response */
      202: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['SimulationRead']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Already running, no finished round, or too little ground truth */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The upload is larger than the configured limits */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  cancel_random_api_projects__project_id__simulations_random_cancel_post: {
    parameters: {
      query?: never
      header?: never
      path: {
        project_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['SimulationRead']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description No simulation is queued or running */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  list_skips_api_projects__project_id__skips_get: {
    parameters: {
      query?: {
        include_resolved?: boolean
      }
      header?: never
      path: {
        project_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['SkipRead'][]
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  get_queue_api_queue_get: {
    parameters: {
      query?: {
        /** @description suggestions per project, at most */
        limit?: number
      }
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['QueueItem'][]
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  returned_cases_api_queue_returned_get: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ReturnedCase'][]
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  list_reviews_api_reviews_get: {
    parameters: {
      query?: {
        /** @description the previous page's next cursor (its Link rel=next or X-Next-Cursor header) */
        cursor?: string | null
        /** @description rows per page */
        limit?: number
        /** @description one project's cases (403 unless you review it) */
        project_id?: string | null
        /** @description the cases in this state */
        status?: components['schemas']['ReviewStatus']
      }
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description One page of the list; the headers announce the next page, and their absence the last. */
      200: {
        headers: {
          /** @description The next page as `<url>; rel="next"` (RFC 8288) */
          Link?: string
          /** @description The next page's `cursor` parameter */
          'X-Next-Cursor'?: string
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ReviewItem'][]
        }
      }
      /** @description A cursor this list did not return */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description project_id names a project the caller does not review */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description project_id names no project */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  get_round_api_rounds__round_id__get: {
    parameters: {
      query?: never
      header?: never
      path: {
        round_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['RoundRead']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  approve_round_api_rounds__round_id__approve_post: {
    parameters: {
      query?: never
      header?: never
      path: {
        round_id: string
      }
      cookie?: never
    }
    requestBody?: {
      content: {
        'application/json': components['schemas']['RoundApprove'] | null
      }
    }
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['RoundRead']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not in review, or the selection costs more than the remaining budget */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The upload is larger than the configured limits */
      413: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A chosen patient is not an unlabelled pool patient scored in this round */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  cancel_round_api_rounds__round_id__cancel_post: {
    parameters: {
      query?: never
      header?: never
      path: {
        round_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['RoundRead']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not running */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  retry_round_api_rounds__round_id__retry_post: {
    parameters: {
      query?: never
      header?: never
      path: {
        round_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      202: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['RoundRead']
        }
      }
      /** @description Bad input: the request is well formed but its content cannot be used (or its JSON body does not parse) */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not failed or cancelled, or not the latest round */
      409: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  get_scores_api_rounds__round_id__scores_get: {
    parameters: {
      query?: {
        /** @description the previous page's next cursor (its Link rel=next or X-Next-Cursor header) */
        cursor?: string | null
        /** @description rows per page */
        limit?: number
        /** @description only the patients the round selected (true) or only the others (false) */
        selected?: boolean | null
      }
      header?: never
      path: {
        round_id: string
      }
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description One page of the list; the headers announce the next page, and their absence the last. */
      200: {
        headers: {
          /** @description The next page as `<url>; rel="next"` (RFC 8288) */
          Link?: string
          /** @description The next page's `cursor` parameter */
          'X-Next-Cursor'?: string
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ScoreRead'][]
        }
      }
      /** @description A cursor this list did not return */
      400: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description The resource does not exist */
      404: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description A parameter or a field of the body is missing or has the wrong type or value */
      422: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  list_strategies_api_strategies_get: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['StrategyRead'][]
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
  list_assignable_api_users_get: {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    requestBody?: never
    responses: {
      /** @description Successful Response */
      200: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['UserBrief'][]
        }
      }
      /** @description Not logged in, or the session is no longer valid */
      401: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
      /** @description Logged in, but this role or account may not do this (or is not a member of the project) */
      403: {
        headers: {
          [name: string]: unknown
        }
        content: {
          'application/json': components['schemas']['ErrorBody']
        }
      }
    }
  }
}
