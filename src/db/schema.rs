//! The tables, in types both SQLite and PostgreSQL read the same way.

diesel::table! {
    categories (id) {
        id -> BigInt,
        slug -> Text,
        name -> Text,
        unit_volume_l -> Double,
        unit_weight_kg -> Double,
        dangerous_goods -> Bool,
        category_group -> Text,
        created_at -> Timestamp,
        tracked -> Bool,
        name_fr -> Nullable<Text>,
        name_ar -> Nullable<Text>,
    }
}

diesel::table! {
    locations (id) {
        id -> BigInt,
        slug -> Text,
        name -> Text,
        kind -> Text,
        address -> Nullable<Text>,
        region -> Nullable<Text>,
        archived_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    intakes (id) {
        id -> BigInt,
        source -> Text,
        warehouse_id -> BigInt,
        received_on -> Date,
        note -> Nullable<Text>,
        actor -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    movements (id) {
        id -> BigInt,
        kind -> Text,
        location_id -> BigInt,
        to_location_id -> Nullable<BigInt>,
        reason -> Nullable<Text>,
        actor -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    ledger_entries (id) {
        id -> BigInt,
        at -> Timestamp,
        actor -> Text,
        cause -> Text,
        cause_id -> BigInt,
        location_id -> BigInt,
        category_id -> BigInt,
        condition -> Text,
        quantity -> BigInt,
        box_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    stock (location_id, category_id, condition) {
        location_id -> BigInt,
        category_id -> BigInt,
        condition -> Text,
        quantity -> BigInt,
    }
}

diesel::table! {
    idempotency_keys (key) {
        key -> Text,
        request_hash -> Text,
        status_code -> Integer,
        response_body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    needs (id) {
        id -> BigInt,
        site_id -> BigInt,
        category_id -> BigInt,
        quantity -> BigInt,
        stated_on -> Date,
        stated_by -> Text,
        needed_by -> Nullable<Date>,
        actor -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    priority_versions (version) {
        version -> BigInt,
        body -> Text,
        set_by -> Text,
        set_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        handle -> Text,
        role -> Text,
        password_hash -> Text,
        deactivated_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        lang -> Nullable<Text>,
    }
}

diesel::table! {
    sessions (token_hash) {
        token_hash -> Text,
        user_id -> BigInt,
        csrf_token -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(intakes -> locations (warehouse_id));
diesel::joinable!(ledger_entries -> categories (category_id));
diesel::joinable!(ledger_entries -> locations (location_id));
diesel::joinable!(stock -> categories (category_id));
diesel::joinable!(stock -> locations (location_id));
diesel::joinable!(needs -> locations (site_id));
diesel::joinable!(needs -> categories (category_id));

diesel::allow_tables_to_appear_in_same_query!(
    categories,
    locations,
    intakes,
    movements,
    ledger_entries,
    stock,
    idempotency_keys,
    users,
    sessions,
    needs,
    priority_versions,
    handouts,
    handout_unmet,
);

// Hand-outs (issue 6): counts per site and day; given lines live in the ledger.
diesel::table! {
    handouts (id) {
        id -> BigInt,
        site_id -> BigInt,
        handed_out_on -> Date,
        note -> Nullable<Text>,
        actor -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    handout_unmet (id) {
        id -> BigInt,
        handout_id -> BigInt,
        category_id -> BigInt,
        quantity -> BigInt,
    }
}

diesel::joinable!(handouts -> locations (site_id));
diesel::joinable!(handout_unmet -> handouts (handout_id));
diesel::joinable!(handout_unmet -> categories (category_id));

// Vans and runs (issue 5).
diesel::table! {
    vans (id) {
        id -> BigInt,
        slug -> Text,
        name -> Text,
        capacity_l -> Double,
        payload_kg -> Double,
        location_id -> BigInt,
        retired_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    runs (id) {
        id -> BigInt,
        van_id -> BigInt,
        origin_id -> BigInt,
        departs_on -> Date,
        status -> Text,
        actor -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    run_stops (id) {
        id -> BigInt,
        run_id -> BigInt,
        position -> BigInt,
        site_id -> BigInt,
        delivered_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    run_lines (id) {
        id -> BigInt,
        run_id -> BigInt,
        site_id -> BigInt,
        category_id -> BigInt,
        condition -> Text,
        quantity -> BigInt,
    }
}

diesel::joinable!(runs -> vans (van_id));
diesel::joinable!(run_stops -> runs (run_id));
diesel::joinable!(run_lines -> runs (run_id));
diesel::allow_tables_to_appear_in_same_query!(vans, runs, run_stops, run_lines);

// Admin pages (issue 9): one-time links to choose a password.
diesel::table! {
    password_resets (token_hash) {
        token_hash -> Text,
        user_id -> BigInt,
        created_by -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(password_resets -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(password_resets, users);
// Corrections (issue 9): each names the change it corrects by ledger cause and id.
diesel::table! {
    corrections (id) {
        id -> BigInt,
        of_cause -> Text,
        of_id -> BigInt,
        reason -> Text,
        actor -> Text,
        created_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(corrections, ledger_entries);
diesel::allow_tables_to_appear_in_same_query!(corrections, locations);
diesel::allow_tables_to_appear_in_same_query!(corrections, categories);
// Lock now and forgetting (issue 15).
diesel::table! {
    lockdown (id) {
        id -> BigInt,
        revoked_before -> Nullable<Timestamp>,
        locked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> Timestamp,
        actor -> Text,
        action -> Text,
        detail -> Text,
        facts -> Nullable<Text>,
    }
}

// Boxes with QR labels, items tracked one by one, boxes on runs (issue 16).
diesel::table! {
    boxes (id) {
        id -> BigInt,
        code -> Text,
        category_id -> Nullable<BigInt>,
        condition -> Nullable<Text>,
        location_id -> Nullable<BigInt>,
        quantity -> BigInt,
        frame_size -> Nullable<Text>,
        missing -> Nullable<Text>,
        created_at -> Timestamp,
        filled_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    box_actions (id) {
        id -> BigInt,
        box_id -> BigInt,
        kind -> Text,
        other_box_id -> Nullable<BigInt>,
        detail -> Nullable<Text>,
        actor -> Text,
        created_at -> Timestamp,
        facts -> Nullable<Text>,
    }
}

diesel::table! {
    run_boxes (id) {
        id -> BigInt,
        run_id -> BigInt,
        box_id -> BigInt,
        site_id -> BigInt,
        scanned_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(boxes -> categories (category_id));
diesel::joinable!(boxes -> locations (location_id));
diesel::joinable!(run_boxes -> boxes (box_id));
diesel::allow_tables_to_appear_in_same_query!(boxes, box_actions, run_boxes);
diesel::allow_tables_to_appear_in_same_query!(boxes, categories);
diesel::allow_tables_to_appear_in_same_query!(boxes, locations);
diesel::allow_tables_to_appear_in_same_query!(run_boxes, locations);
diesel::allow_tables_to_appear_in_same_query!(boxes, ledger_entries);

// Partner collectives (issue 18).
diesel::table! {
    collective_keys (id) {
        id -> BigInt,
        secret -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    partners (id) {
        id -> BigInt,
        code_name -> Text,
        public_key -> Text,
        direction -> Text,
        valid_until -> Date,
        location_id -> BigInt,
        actor -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    partner_transfers (id) {
        id -> BigInt,
        transfer -> Text,
        partner_id -> BigInt,
        side -> Text,
        state -> Text,
        warehouse_id -> Nullable<BigInt>,
        expires_on -> Date,
        note -> Nullable<Text>,
        intake_id -> Nullable<BigInt>,
        last_sha -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    partner_lines (id) {
        id -> BigInt,
        transfer_id -> BigInt,
        line_no -> BigInt,
        category -> Text,
        category_name -> Text,
        category_id -> Nullable<BigInt>,
        condition -> Text,
        unit_volume_l -> Double,
        unit_weight_kg -> Double,
        offered -> BigInt,
        accepted -> Nullable<BigInt>,
        dispatched -> Nullable<BigInt>,
        received -> Nullable<BigInt>,
        received_condition -> Nullable<Text>,
        reason -> Nullable<Text>,
    }
}

diesel::table! {
    partner_files (id) {
        id -> BigInt,
        transfer_id -> BigInt,
        kind -> Text,
        sha256 -> Text,
        body -> Text,
        made_here -> Bool,
        actor -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    partner_events (id) {
        id -> BigInt,
        transfer_id -> BigInt,
        state -> Text,
        detail -> Nullable<Text>,
        actor -> Text,
        at -> Timestamp,
        facts -> Nullable<Text>,
    }
}

diesel::table! {
    partner_categories (id) {
        id -> BigInt,
        partner_id -> BigInt,
        their_slug -> Text,
        category_id -> BigInt,
    }
}

diesel::joinable!(partners -> locations (location_id));
diesel::joinable!(partner_transfers -> partners (partner_id));
diesel::joinable!(partner_lines -> partner_transfers (transfer_id));
diesel::allow_tables_to_appear_in_same_query!(
    partners,
    partner_transfers,
    partner_lines,
    locations
);
diesel::table! {
    backup_log (id) {
        id -> BigInt,
        made_at -> Timestamp,
        payload_bytes -> BigInt,
        schema_version -> Text,
    }
}

diesel::table! {
    /// One row (id 1): the version of the catalogue and the places, set anew by
    /// triggers on every change to them (db::lookup_cache).
    lookup_version (id) {
        id -> Integer,
        token -> BigInt,
        version -> BigInt,
    }
}

// Issue 9: the hand-outs a need statement made from evidence took in, and statements
// taken back (the hand-out they were raised from was undone).
diesel::table! {
    need_evidence (id) {
        id -> BigInt,
        need_id -> BigInt,
        handout_id -> BigInt,
    }
}

diesel::table! {
    need_withdrawals (id) {
        id -> BigInt,
        need_id -> BigInt,
        handout_id -> Nullable<BigInt>,
        actor -> Text,
        created_at -> Timestamp,
    }
}
