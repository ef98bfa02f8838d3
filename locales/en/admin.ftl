# The coordinator's admin pages: volunteers, vans, warehouses and sites, the catalogue.
admin-title = Admin
admin-tab-volunteers = Volunteers
admin-tab-vans = Vans
admin-tab-places = Warehouses & sites
admin-tab-catalogue = Catalogue
admin-hub-volunteers = add, change role or language, deactivate, password links
admin-hub-vans = add, edit, retire
admin-hub-places = add, rename, address, archive
admin-hub-catalogue = categories, their names in each language, size, weight and group
admin-save = Save
admin-nothing-changed = { $name }: nothing changed.
admin-name-label = Name
admin-code-label = Short name for lists (optional)
admin-code-help = Small letters a to z, digits and dashes, like unit-south: it names this in spreadsheets and web addresses, and cannot be changed later. Leave it empty and Haul makes one from the name.

## Volunteers
admin-volunteers-title = Volunteers
admin-volunteer-add = Add a volunteer
admin-handle-label = Handle (a nickname, not a real name)
admin-role-label = Role
admin-lang-label = Language Haul speaks to them in
admin-lang-browser = their phone’s language
admin-volunteer-add-button = Add and make a password link
admin-volunteers-everyone = Everyone
admin-volunteer-deactivated = deactivated
admin-role-of = Role of { $handle }
admin-lang-of = Language of { $handle }
admin-password-link = Password link
admin-deactivate-button = Deactivate…
admin-link-give = Give { $handle } this one-time link to choose their password. It works once, until { $until } UTC. Haul will not show it again.
admin-volunteer-added = Added { $handle }, role: { $role }.
admin-role-changed = { $handle }: { $before } → { $after }.
admin-lang-changed = { $handle } now reads Haul in { $language }.
admin-lang-cleared = { $handle } now reads Haul in their phone’s language.
admin-link-label = One-time link
admin-link-copy = Copy it to send: tap the box to select the whole link, then copy. Do not open it yourself: it works only once.
admin-link-made = Made a new password link for { $handle }; older links stop working.
admin-deactivate-title = Deactivate { $handle }?
admin-deactivate-what = { $handle } will be logged out at once, on every phone, and their API tokens stop working. They cannot log in again.
admin-deactivate-history = What they recorded stays in the history.
admin-deactivate-confirm = Deactivate
admin-deactivated = Deactivated { $handle }: logged out everywhere.

## Vans
admin-vans-title = Vans
admin-vans-none = No van in service yet.
admin-van-add = Add a van
admin-capacity-label = Load volume (litres)
admin-payload-label = Payload (kg)
admin-van-add-button = Add van
admin-vans-retired = Retired
admin-van-line = { $capacity } l, { $payload } kg
admin-van-added = Added the van { $name }: { $line }.
admin-van-saved = Saved { $name }: { $line }.
admin-van-is-retired = Retired: it stays in the history of its runs.
admin-retire-heading = Retire
admin-retire-what = A retired van leaves the run forms and plans; its runs stay in the history.
admin-retire-button = Retire { $name }…
admin-retire-title = Retire { $name }?
admin-retire-restated = { $name } leaves the run forms and plans for good. Its past runs stay in the history.
admin-retire-confirm = Retire
admin-van-retired = Retired { $name }.

## Warehouses and sites
admin-places-title = Warehouses and sites
admin-places-warehouses = Warehouses
admin-places-sites = Sites (by code name)
admin-place-add-warehouse = Add a warehouse
admin-place-add-site = Add a site
admin-place-add = Add a warehouse or site
admin-kind-label = Kind
admin-kind-choose = Choose…
admin-place-name-label = Name (a site’s code name)
admin-address-label = Address (optional; only coordinators and drivers see it)
admin-region-label = Region (optional)
admin-place-add-button = Add
admin-places-archived = Archived
admin-warehouse-added = Added the warehouse { $name }.
admin-site-added = Added the site { $name }.
admin-code-name-label = Code name
admin-address-edit-label = Address (only coordinators and drivers see it; empty to remove)
admin-region-edit-label = Region
admin-place-is-archived = Archived: it stays in the history.
admin-changed-name = name { $before } → { $after }
admin-changed-address = address
admin-changed-region = region
admin-place-saved = Saved { $name }: { $changes }.
admin-archive-heading = Archive
admin-archive-what = An archived place leaves the forms and plans; what happened there stays in the history.
admin-archive-button = Archive { $name }…
admin-archive-title = Archive { $name }?
admin-archive-restated-warehouse = The warehouse { $name } leaves the forms and plans for good. What happened there stays in the history.
admin-archive-restated-site = The site { $name } leaves the forms and plans for good. What happened there stays in the history.
admin-archive-confirm = Archive
admin-warehouse-archived = Archived the warehouse { $name }.
admin-site-archived = Archived the site { $name }.

## Catalogue
admin-catalogue-title = Catalogue
admin-category-no-name = not named yet
admin-category-named = { $language }:
admin-catalogue-names = Each category has a name, shown in English and wherever it has no name of its own, and may have its own name in French and in Arabic.
admin-category-name-label = Name
admin-category-name-fr-label = Name in French (optional)
admin-category-name-ar-label = Name in Arabic (optional)
admin-unit-volume-label = Volume of one (litres)
admin-unit-weight-label = Weight of one (kg)
admin-group-label = Group
admin-dangerous-label = Dangerous goods (e.g. gas)
admin-dangerous = dangerous goods
admin-category-line = { $volume } l, { $weight } kg
admin-category-add = Add a category
admin-category-add-button = Add category
admin-category-added = Added { $name } to { $group }.
admin-category-saved = Saved { $name }: { $line }, { $group }.

## What a form refuses, beside the field
admin-error-name-van = Give the van a name
admin-error-name-warehouse = Give the warehouse a name
admin-error-name-site = Give the site a code name
admin-error-name-place = Give the place a name
admin-error-name-category = Give the category a name
admin-error-too-long = This is too long: at most { $max } characters
admin-error-control = Only letters, digits and punctuation, please: no tabs or line breaks
admin-error-phone = Leave out phone numbers: Haul keeps no record of the people it serves
admin-error-email = Leave out e-mail addresses: Haul keeps no record of the people it serves
admin-error-capacity = The load volume must be more than 0 and at most { $max } litres
admin-error-capacity-number = Type the load volume in litres, like 9000
admin-error-payload = The payload must be more than 0 and at most { $max } kg
admin-error-payload-number = Type the payload in kilograms, like 1200
admin-error-unit-volume = The volume of one must be more than 0 and at most { $max } litres
admin-error-unit-volume-number = Type the volume of one in litres, like 1.5
admin-error-unit-weight = The weight of one must be more than 0 and at most { $max } kg
admin-error-unit-weight-number = Type the weight of one in kilograms, like 0.4
admin-error-code = A short name is small letters a to z, digits and single dashes, like tent-2p
admin-error-code-from-name = Type a short name: Haul cannot make one from this name (small letters a to z, digits and dashes, like heron)
admin-error-code-taken = The short name { $code } is already taken: choose another
admin-error-name-taken-van = There is already a van called { $name }: choose another name
admin-error-name-taken-place = There is already a warehouse or site called { $name }: choose another name
admin-error-name-taken-category = There is already a category called { $name }: choose another name
admin-error-kind = Choose warehouse or site
admin-error-group = Choose a group from the list
admin-error-handle = A handle is 2 to 32 small letters, digits, dots, dashes or underscores: a nickname, not a real name
admin-error-handle-taken = The handle { $handle } is taken: choose another
admin-error-role = Choose a role from the list
admin-error-lang = Choose a language from the list

## What the rules refuse
admin-refused-no-volunteer = There is no volunteer { $handle }
admin-refused-deactivated = { $handle } is deactivated
admin-refused-last-coordinator = { $handle } is the last coordinator: make someone else coordinator first
admin-refused-deactivate-self = You cannot deactivate yourself: ask another coordinator
admin-refused-van-retired = { $name } is retired
admin-refused-van-on-run = { $name } has run #{ $run } under way: finish it first
admin-refused-van-carries = { $name } still carries goods: return them first
admin-refused-place-archived = { $name } is already archived
admin-refused-place-holds = { $n ->
    [one] { $name } still holds { $n } item: transfer or write it off first
   *[other] { $name } still holds { $n } items: transfer or write them off first
}
admin-refused-place-on-run = { $name } is part of a run under way: finish the run first
