//! JSON handlers for movements: parse, record once, respond.

use crate::movements::model::{
    self, RegradeRequest, StocktakeRequest, TransferRequest, WriteoffRequest,
};

crate::idempotent_handler!(transfer, TransferRequest, model::transfer);
crate::idempotent_handler!(regrade, RegradeRequest, model::regrade);
crate::idempotent_handler!(stocktake, StocktakeRequest, model::stocktake);
crate::idempotent_handler!(writeoff, WriteoffRequest, model::writeoff);
