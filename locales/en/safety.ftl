# The coordinator's safety page: lock now, forget a site or a volunteer, the audit trail.
safety-title = Safety
safety-done-site = The site was retired and forgotten.
safety-done-volunteer = The volunteer's handle was forgotten.
safety-done = Done.
safety-action-lock = Locked
safety-action-unlock = Unlocked
safety-action-forget-site = Site forgotten
safety-action-forget-volunteer = Volunteer forgotten
safety-action-forget-notes = Old notes blanked
safety-lock-heading = Lock now
safety-lock-what = Logs everyone out at once, and stops every key given to other programs.
safety-lock-encrypted = The database is encrypted: Haul then closes it, forgets its passphrase and stops. Starting it again needs the passphrase.
safety-lock-plain = The database is not encrypted: after a lock, nobody can log in until the person who runs Haul's server lets logins in again there. They can also encrypt the database (docs/operations.md says how).
safety-lock-button = Lock now…
safety-site-heading = Retire and forget a site
safety-site-what = Its code name and address are replaced by a neutral label everywhere; what went there and every count stay.
safety-site-none = No site to forget.
safety-site-label = Site
safety-site-button = Forget this site…
safety-volunteer-heading = Forget a volunteer
safety-volunteer-what = Their handle is replaced by a neutral label on everything they recorded; their account can no longer log in.
safety-volunteer-none = No other volunteer to forget.
safety-volunteer-label = Volunteer
safety-volunteer-option = { $handle } ({ $role })
safety-volunteer-button = Forget this volunteer…
safety-notes-heading = Forgetting old notes
safety-notes-set = { $days ->
    [one] Notes, reasons and “stated by” older than one day are blanked when Haul starts and every hour after.
   *[other] Notes, reasons and “stated by” older than { $days } days are blanked when Haul starts and every hour after.
}
safety-notes-kept = Old notes are kept. The person who runs Haul's server can have notes, reasons and “stated by” blanked after some days, 90 for example (docs/operations.md says how).
safety-audit-heading = What was locked or forgotten
safety-audit-none = Nothing yet.
safety-audit-when = When (UTC)
safety-audit-who = Who
safety-audit-what = What
safety-lock-confirm-encrypted = Everyone is logged out now, and Haul closes the database, forgets its passphrase and stops. Nobody can use Haul until it is started again with the passphrase.
safety-lock-confirm-plain = Everyone is logged out now, you too, and nobody can log in until the person who runs Haul's server lets logins in again there.
safety-lock-question = Lock Haul now?
safety-lock-confirm-button = Lock now
safety-locked-heading = Haul is locked
safety-locked-title = Locked
safety-locked-encrypted = Everyone is logged out. The database is closed and its passphrase forgotten; Haul has stopped. Start it again with the passphrase.
safety-locked-plain = Everyone is logged out. Nobody can log in until the person who runs Haul's server lets logins in again there.
safety-site-choose = Choose a site from the list.
safety-site-confirm = Retire { $site } and forget its code name? Everywhere Haul shows it, it becomes a neutral label such as “retired-site-1”. Its counts stay. This cannot be undone.
safety-site-confirm-address = Retire { $site } and forget its code name and address? Everywhere Haul shows it, it becomes a neutral label such as “retired-site-1”. Its counts stay. This cannot be undone.
safety-site-question = Retire and forget this site?
safety-site-confirm-button = Retire and forget
safety-nothing-forgotten = Nothing was forgotten: { $why }.
safety-volunteer-choose = Choose another volunteer from the list.
safety-volunteer-confirm = Forget { $handle }? Everything they recorded will say “forgotten-volunteer-N” instead, and the account can no longer log in. This cannot be undone.
safety-volunteer-question = Forget this volunteer?
safety-volunteer-confirm-button = Forget
safety-not-yourself = Nothing was forgotten: another coordinator must forget you.

# An audit line, worded from its stored facts (src/safety/mod.rs).
safety-facts-locked-plain = every token and { $sessions ->
    [one] one session
   *[other] { $sessions } sessions
} revoked; logins refused until `haul unlock`
safety-facts-locked-encrypted = every token and { $sessions ->
    [one] one session
   *[other] { $sessions } sessions
} revoked; the server closed the encrypted database and forgot its key
safety-facts-unlocked = logins allowed again
safety-facts-notes-forgotten = { $n ->
    [one] one note, reason or stated-by
   *[other] { $n } notes, reasons and stated-by
} older than { $days } days blanked
