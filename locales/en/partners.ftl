# Partner collectives (issue 18): our key, partners, offers and handovers by signed files.
partners-title = Partner collectives
partners-title-short = Partners
partners-intro = Goods go to other collectives by signed files you carry by hand. No server ever talks to another.
partners-import-link = Import a file
partners-offer-link = Offer to a partner
partners-our-key = Our key
partners-our-key-how = Show this to a partner's coordinator in person; read the fingerprint aloud and compare it with what they see.
partners-qr-label = Our key as a QR code
partners-fingerprint = Fingerprint
partners-key = Key
partners-list = Partners
partners-none = No partner yet.
partners-item = we { $direction } · until { $until }
partners-add = Add a partner
partners-name = Their name
partners-code-name = Code name (ours for them, optional)
partners-their-key = Their key
partners-we = We…
partners-direction-both = give and receive
partners-direction-give = give to them
partners-direction-receive = receive from them
partners-valid-until = Valid until
partners-valid-until-how = Filled in { $days } days from today: change it to the date you agreed with them.
partners-add-button = Add partner
partners-handovers = Handovers
partners-handovers-none = None yet.
partners-handover-give = { $partner } · we give · { $state }
partners-handover-receive = { $partner } · we receive · { $state }
partners-added = Added { $partner } (fingerprint { $fingerprint }): compare it aloud with theirs.

partners-offer-title = Offer to a partner
partners-offer-from = From warehouse
partners-offer-show-stock = Show its stock
partners-offer-no-partner = No partner to give to yet.
partners-offer-add-one = Add one
partners-offer-to = To partner
partners-offer-until = Offer open until
partners-offer-how-many = How many of each
partners-offer-line = { $category } ({ $condition }): { $n } free to offer
partners-offer-note = Note (optional; no names or numbers of people)
partners-offer-button = Make the offer
partners-offer-made = Offer made. Download the offer file below and hand it to the partner.
partners-offer-made-again = This offer was already made (the form was sent twice): it counts once. Download the offer file below.

partners-import-title = Import a file from a partner
partners-import-title-short = Import a file
partners-import-intro = An offer, an answer, a dispatch note or a receipt note, as the partner handed it over. A file imported twice counts once.
partners-import-file = The file
partners-import-paste = …or paste it here
partners-import-button = Import
partners-import-empty = Choose the file the partner gave you, or paste its text.
partners-imported = Imported the { $kind } from { $partner }: the handover is now { $state }.
partners-imported-again = This { $kind } was imported before: nothing changed.

partners-handover = Handover
partners-to = To { $partner }
partners-from = From { $partner }
partners-state = State:
partners-open-until = offer open until { $date }
partners-offered = Offered
partners-accepted = Accepted
partners-sent = Sent
partners-received = Received
partners-files = Files
partners-download = Download the { $kind }
partners-to-hand-over = (to hand to the partner)
partners-imported-on = The { $kind } from the partner, imported { $date }
partners-import-next = Import the partner's next file
partners-history = History
partners-detail-imported = { $kind } imported
partners-detail-extra = a further dispatch note
partners-detail-shortfall = line { $line }: { $n } lost in transit ({ $reason })
partners-detail-no-reason = no reason given
partners-detail-separator = {"; "}
partners-line-label = { $name } ({ $condition }), up to { $n }

partners-answer = Answer the offer
partners-accept-button = Accept these
partners-decline-button = Decline the offer
partners-dispatch = Dispatch
partners-dispatch-how = What actually leaves; the dispatch note is never changed afterwards.
partners-dispatch-button = Dispatch
partners-waiting-answer = Waiting for the partner's answer: import it when it comes.
partners-withdraw-button = Withdraw the offer
partners-waiting-receipt = Sent: waiting for the partner's receipt note.
partners-extra = A further dispatch note
partners-extra-how = Accepted goods that were not on the first note leave on a note of their own; the first note stays as it was. At most what is accepted and not yet sent.
partners-extra-button = Send these on a further note
partners-lost-why = If it never arrives: why
partners-lost-button = Declare it lost
partners-receive = Receive
partners-receive-into = Into warehouse
partners-received-on = Received on
partners-receive-legend = { $name } ({ $condition }): { $n } sent
partners-map = Is our…
partners-map-choose = choose
partners-condition = Condition
partners-why = Why it differs (if it does)
partners-reason-none = no difference
partners-reason-short = short
partners-reason-damaged = damaged
partners-reason-wrong-item = wrong item
partners-reason-extra = extra
partners-receive-button = Record what arrived
partners-no-step = there is no such step: reload the page

partners-done-accept = Accepted. Download the answer below and hand it to the partner.
partners-done-decline = Declined. Download the answer below and hand it to the partner.
partners-done-withdraw = The offer is withdrawn.
partners-done-dispatch = Dispatched. Download the dispatch note below and send it with the goods.
partners-done-extra = A further dispatch note is made. Download it below and send it with the goods.
partners-done-receive = Received and counted in. Download the receipt note below and hand it to the partner.
partners-done-lost = Declared lost: what was sent is written off as lost in transit.
partners-sent-twice = { $done } (The form was sent twice: it counted once.)

partners-state-offered = offered
partners-state-accepted = accepted
partners-state-declined = declined
partners-state-withdrawn = withdrawn
partners-state-expired = expired
partners-state-dispatched = dispatched
partners-state-received = received
partners-state-closed = closed
partners-state-lost = lost
partners-kind-offer = offer
partners-kind-answer = answer
partners-kind-dispatch = dispatch note
partners-kind-receipt = receipt note
partners-cond-good = good
partners-cond-usable = usable
partners-cond-needs-drying = needs drying
partners-cond-needs-cleaning = needs cleaning
partners-cond-needs-repair = needs repair
partners-cond-unusable = unusable

# The partner forms' refusals: in words, beside the field they concern (src/partners/forms.rs).
partners-err-summary = Nothing was saved. { $n ->
    [one] One thing to fix:
   *[other] { $n } things to fix:
}
partners-code-name-how = Left empty, it is made from their name. Small letters, digits and dashes, e.g. calais-warehouse.
partners-how-many = How many of each
partners-offer-find = Find
partners-offer-group = Kind of goods
partners-offer-group-all = All kinds
partners-offer-filter = Show these
partners-offer-show-all = Show all
partners-offer-nothing-free = Nothing here is free to offer: only goods in good or usable condition, not already held for a run or a partner, can be offered.
partners-offer-hidden = { $n ->
    [one] One more item is not shown: clear the filter to see it.
   *[other] { $n } more items are not shown: clear the filter to see them.
}
partners-offer-hidden-refused = { $n ->
    [one] One more item is not shown while the problems are fixed: “Show all” brings it back.
   *[other] { $n } more items are not shown while the problems are fixed: “Show all” brings them back.
}
partners-row-name = { $category } ({ $condition })
partners-err-date-empty = Choose a day.
partners-err-date-unreadable = “{ $typed }” is not a day: choose one from the calendar.
partners-err-date-range = Choose a day from { $first } to { $last }.
partners-err-count-empty = Type how many of { $what } arrived (0 if none).
partners-err-count-unreadable = “{ $typed }” is not a number: type a whole number, like 12.
partners-err-count-negative = Type 0 or more of { $what }.
partners-err-count-over = There are only { $max } of { $max ->
    [one] this
   *[other] these
}: type { $max } or fewer of { $what }.
partners-err-text-control = Write it on one line.
partners-err-text-phone = Leave out phone numbers: Haul keeps no record of the people it serves.
partners-err-text-email = Leave out e-mail addresses: Haul keeps no record of the people it serves.
partners-err-text-long = Keep it under { $max } characters, about goods, not people.
partners-err-warehouse = Choose one of our warehouses.
partners-err-name-empty = Give the partner's name (or a code name).
partners-err-code-from-name = No code name can be made from this name: type one, e.g. calais-warehouse.
partners-err-code-long = Keep the name to { $max } characters.
partners-err-code-shape = “{ $typed }” cannot be used as a name: use small letters, digits and dashes, e.g. calais-warehouse.
partners-err-code-taken = There is already a partner called { $partner }: choose another name.
partners-err-code-place = A place is already called partner-{ $partner }: choose another name.
partners-err-key-empty = Paste the key the partner showed you.
partners-err-key-unreadable = This key does not read: it starts with { $prefix } and has 64 letters and digits after it. Copy it again, whole.
partners-err-key-ours = This is our own key: ask the partner for theirs.
partners-err-key-taken = This key is already our partner { $partner }.
partners-err-direction = Choose whether we give, receive or both.
partners-err-partner-choose = Choose a partner to offer to.
partners-err-partner-ended = The partnership with { $partner } ended on { $date }: agree a new date first.
partners-err-partner-receive-only = We only receive from { $partner }: change the partnership to give as well.
partners-err-row-gone = These goods are no longer free to offer here: reload the page.
partners-err-offer-nothing = Type how many of at least one thing to offer.
partners-err-offer-too-many = An offer has at most { $max } lines: make two offers.
partners-err-accept-nothing = Accept at least one of something, or decline the offer.
partners-err-dispatch-nothing = Send at least one of something.
partners-err-extra-nothing = Send at least one more of something accepted and not yet sent.
partners-err-lost-why = Say why you think it is lost.
partners-err-condition = Choose the condition { $what } arrived in.
partners-err-reason-choose = Choose a reason from the list.
partners-err-reason-needed = { $received } arrived of { $sent } sent, or in another condition: say why.
partners-err-map-needed = Choose which of our categories “{ $what }” is.
partners-err-map-unknown = Choose one of our categories from the list.
partners-err-file-not-haul = This is not a file from a partner's Haul, or it was cut short: ask for the file again.
partners-err-file-unsigned = This file is not signed: ask the partner for the file Haul made.
partners-err-file-changed = This file was changed after it was signed: do not trust it; ask the partner for the file again.
partners-err-file-stranger = This file is signed by a collective that is not one of our partners (fingerprint { $fingerprint }): add them first, after comparing fingerprints in person.
partners-err-file-ended = The partnership with { $partner } ended on { $date }: agree a new date before importing their files.
partners-err-file-not-ours = This file is meant for another collective.
partners-err-file-wrong-handover = This file belongs to another handover, or comes from another partner than this handover's.
partners-err-out-of-order = This handover has moved on since the page was opened: nothing was saved. Look at its state below.
partners-err-stock-changed = Some of these goods were taken since the page was opened: check the counts against what is free now.
partners-err-conflict = This clashes with something already here: reload the page and check.
partners-err-refused = This was refused: check it and send again.
partners-err-form-key = This form is missing its key: reload the page and send it again.
partners-err-form-reused = This form was already sent with other values: reload the page and fill it in again.

# Issue 18 follow-up: notes both ways, reasons that fit, own files, the handover list.
partners-err-reason-misfit = { $received } arrived of { $sent } sent: that is not “{ $reason }”. Choose { $fitting }.
partners-err-count-offered = The partner offered { $max }: type { $max } or fewer of { $what }.
partners-err-file-own = This { $kind } was made here, by us: give it to the partner, it is theirs to import. Nothing changed.
partners-receipt-note = Note for the partner (optional; no names or numbers of people)
partners-note-theirs-offer = The partner's note, as they wrote it
partners-note-ours-offer = Our note on the offer
partners-note-theirs-receipt = The partner's note on the receipt, as they wrote it
partners-note-ours-receipt = Our note on the receipt
partners-goods-line = { $n } { $name }
partners-goods-more = { $goods } and { $n } more
partners-offer-until-how = Filled in { $days } days from today: change it if the partner needs longer or less.
partners-decline-title = Decline the offer from { $partner }?
partners-decline-how = The handover ends for good: it cannot be accepted afterwards. Download the answer file and hand it to the partner.
