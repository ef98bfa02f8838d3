# Corrections (issue 9): why a one-tap undo is refused (src/corrections/model.rs).
corrections-undo-not-yours = only { $author } can undo this change ({ $kind }): ask a warehouse volunteer or a coordinator to correct it
corrections-undo-not-last = this change ({ $kind }) is not your last one: correct it with a reason on its page instead
corrections-undo-too-late = more than { $minutes } minutes have passed since this change ({ $kind }): correct it with a reason on its page instead
corrections-undo-an-undo = this change is an undo, which is not undone in turn: record the change again instead
