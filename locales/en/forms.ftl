# What every form page shares: the line on top when a form is refused, the confirmation page.
form-nothing-saved = Nothing was saved. { $reasons }
form-cancel = Cancel
form-error-in = { $field }: { $problem }
form-to-put-right = { $n ->
    [one] Nothing was saved: one thing to put right, shown below.
   *[other] Nothing was saved: { $n } things to put right, shown below.
}
# A number typed in a box: the same three sentences on every form.
number-not-whole = “{ $raw }” is not a whole number: type digits only, like 3.
number-at-least = This must be at least { $min }.
number-at-most = This must be at most { $max }.
