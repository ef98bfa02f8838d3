//! The states of a handover between two collectives and the steps that move them: plain
//! rules, no I/O. Each side keeps its own copy, moved only by the partner's signed files
//! or its own action; a step that does not fit the state is refused (409) and changes
//! nothing.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Offered,
    Accepted,
    Declined,
    Withdrawn,
    Expired,
    Dispatched,
    Received,
    Closed,
    Lost,
}

impl State {
    pub const ALL: [State; 9] = [
        State::Offered,
        State::Accepted,
        State::Declined,
        State::Withdrawn,
        State::Expired,
        State::Dispatched,
        State::Received,
        State::Closed,
        State::Lost,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            State::Offered => "offered",
            State::Accepted => "accepted",
            State::Declined => "declined",
            State::Withdrawn => "withdrawn",
            State::Expired => "expired",
            State::Dispatched => "dispatched",
            State::Received => "received",
            State::Closed => "closed",
            State::Lost => "lost",
        }
    }
    pub fn parse(s: &str) -> Option<State> {
        State::ALL.into_iter().find(|st| st.as_str() == s)
    }
    /// Nothing more can happen to the handover.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            State::Declined | State::Withdrawn | State::Expired | State::Closed | State::Lost
        )
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which side of the handover this Haul is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Give,
    Receive,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Give => "give",
            Side::Receive => "receive",
        }
    }
    pub fn parse(s: &str) -> Option<Side> {
        match s {
            "give" => Some(Side::Give),
            "receive" => Some(Side::Receive),
            _ => None,
        }
    }
}

/// What can happen to a handover. The giving side makes the offer, the dispatch note,
/// and may withdraw or declare it lost; the receiving side answers and receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Offer,
    Accept,
    Decline,
    Withdraw,
    Expire,
    Dispatch,
    /// A second (third, …) dispatch note for goods accepted but not yet sent: the first
    /// note is never changed, so what follows goes on a note of its own.
    Extra,
    /// The receipt: on the receiving side when it counts the goods in, on the giving
    /// side when the receipt note arrives; both then close.
    Receive,
    Close,
    Lose,
}

impl Step {
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Offer => "offer",
            Step::Accept => "accept",
            Step::Decline => "decline",
            Step::Withdraw => "withdraw",
            Step::Expire => "expire",
            Step::Dispatch => "dispatch",
            Step::Extra => "add a dispatch note to",
            Step::Receive => "receive",
            Step::Close => "close",
            Step::Lose => "declare lost",
        }
    }
}

/// A step refused because the handover is not in a state that allows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutOfOrder {
    pub state: Option<State>,
    pub step: Step,
}

impl fmt::Display for OutOfOrder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.state {
            None => write!(
                f,
                "cannot {}: there is no such handover yet",
                self.step.as_str()
            ),
            Some(s) => write!(f, "cannot {} a handover that is {s}", self.step.as_str()),
        }
    }
}

/// The state after `step`, or why it cannot happen now. `None` is "no handover yet".
pub fn next(state: Option<State>, step: Step) -> Result<State, OutOfOrder> {
    use State::*;
    let to = match (state, step) {
        (None, Step::Offer) => Some(Offered),
        (Some(Offered), Step::Accept) => Some(Accepted),
        (Some(Offered), Step::Decline) => Some(Declined),
        (Some(Offered), Step::Withdraw) => Some(Withdrawn),
        (Some(Offered), Step::Expire) => Some(Expired),
        // An accepted offer may still be withdrawn before anything leaves.
        (Some(Accepted), Step::Withdraw) => Some(Withdrawn),
        (Some(Accepted), Step::Dispatch) => Some(Dispatched),
        // More goes out on its own note until the receiver counts the goods in.
        (Some(Dispatched), Step::Extra) => Some(Dispatched),
        (Some(Dispatched), Step::Receive) => Some(Received),
        (Some(Dispatched), Step::Lose) => Some(Lost),
        (Some(Received), Step::Close) => Some(Closed),
        _ => None,
    };
    to.ok_or(OutOfOrder { state, step })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(steps: &[Step]) -> Result<State, OutOfOrder> {
        let mut state = None;
        for &step in steps {
            state = Some(next(state, step)?);
        }
        state.ok_or(OutOfOrder {
            state: None,
            step: Step::Offer,
        })
    }

    #[test]
    fn the_whole_way_ends_closed() {
        let steps = [
            Step::Offer,
            Step::Accept,
            Step::Dispatch,
            Step::Receive,
            Step::Close,
        ];
        assert_eq!(walk(&steps), Ok(State::Closed));
    }

    #[test]
    fn an_offer_ends_in_one_of_four_ways() {
        assert_eq!(walk(&[Step::Offer, Step::Decline]), Ok(State::Declined));
        assert_eq!(walk(&[Step::Offer, Step::Withdraw]), Ok(State::Withdrawn));
        assert_eq!(walk(&[Step::Offer, Step::Expire]), Ok(State::Expired));
        assert_eq!(
            walk(&[Step::Offer, Step::Accept, Step::Dispatch, Step::Lose]),
            Ok(State::Lost)
        );
    }

    #[test]
    fn steps_out_of_order_are_refused() {
        assert!(
            walk(&[Step::Offer, Step::Receive]).is_err(),
            "receipt before dispatch"
        );
        assert!(
            walk(&[Step::Offer, Step::Dispatch]).is_err(),
            "dispatch before acceptance"
        );
        assert!(walk(&[Step::Offer, Step::Accept, Step::Accept]).is_err());
        assert!(walk(&[Step::Accept]).is_err(), "an answer with no offer");
        assert!(walk(&[Step::Offer, Step::Decline, Step::Accept]).is_err());
        assert!(walk(&[Step::Offer, Step::Accept, Step::Dispatch, Step::Withdraw]).is_err());
        assert!(
            walk(&[Step::Offer, Step::Accept, Step::Extra]).is_err(),
            "a second note before the first"
        );
        assert!(
            walk(&[
                Step::Offer,
                Step::Accept,
                Step::Dispatch,
                Step::Receive,
                Step::Extra
            ])
            .is_err(),
            "a second note after the receipt"
        );
        assert_eq!(
            walk(&[
                Step::Offer,
                Step::Accept,
                Step::Dispatch,
                Step::Extra,
                Step::Extra
            ]),
            Ok(State::Dispatched)
        );
        let err = next(Some(State::Closed), Step::Lose).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot declare lost a handover that is closed"
        );
    }

    #[test]
    fn final_states_take_no_step() {
        let steps = [
            Step::Offer,
            Step::Accept,
            Step::Decline,
            Step::Withdraw,
            Step::Expire,
            Step::Dispatch,
            Step::Extra,
            Step::Receive,
            Step::Close,
            Step::Lose,
        ];
        for state in State::ALL.into_iter().filter(|s| s.is_final()) {
            for step in steps {
                assert!(next(Some(state), step).is_err(), "{state} then {step:?}");
            }
        }
        for state in State::ALL {
            assert_eq!(State::parse(state.as_str()), Some(state));
        }
    }
}
