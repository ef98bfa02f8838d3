# What every form page shares: the line on top when a form is refused, the confirmation page.
form-nothing-saved = Nothing was saved: { $reasons }.
form-cancel = Cancel
