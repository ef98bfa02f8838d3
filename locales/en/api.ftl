# The JSON API's error messages in a language other than English (issue 13). English
# answers keep their detailed message; these are the sentences for each error code.
api-bad-request = The request cannot be read: check its address and parameters.
api-bad-json = The body is not valid JSON.
api-invalid = The request is not valid: see the details.
api-invalid-field = { $more ->
    [0] The field { $field } is not valid: see the details.
   *[other] The field { $field } and { $more } more are not valid: see the details.
}
api-not-found = Not found: check the address and the names in it.
api-conflict = This conflicts with what is already recorded: see the code and the details.
api-too-large = The request is too large: split it into smaller ones.
api-unauthorized = Log in first: the token is missing, expired or not valid.
api-forbidden = Your role may not do this.
api-too-many-requests = Too many attempts: wait a little and try again.
api-unavailable = Haul cannot answer just now: try again later.
api-method-not-allowed = This address does not accept that method.
api-internal = Something went wrong on the server; it has been logged.
