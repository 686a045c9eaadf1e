# -*- coding: utf-8 -*-
# Copyright: (c) 2026, haivision.hmp contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Operations: what is not an object one PUTs (a recording, a re-stream, a set-top box command) is a list
of ``Step``s, and one runner sends them or, in check mode, predicts them.

A step carries its request, what it says it does, its effect on the state the module shows (to predict
check mode, and to know what to wait for), and, for a POST, how to tell after a lost answer whether it took
effect. A step whose answer holds the id of what it made (``makes``) fills ``NEW`` in the later steps.
"""

from __future__ import annotations

from ansible_collections.haivision.hmp.plugins.module_utils.engine._writer import Writer

NEW = "{new}"  # in a path or a text: the id the step that ``makes`` it will get from HMP


class Step(object):
    """One write of an operation.

    ``effect``: a dict merged into the state (a set-top box, a stream), or a function of the state that
    returns the state after the step (the list of a session's recordings); None when the step changes
    nothing the module shows (a text message). ``took_effect(client)``: after a POST without an answer,
    what it made, or None (then it is sent again).
    """

    def __init__(self, method, path, body=None, says=None, effect=None, makes=False, took_effect=None):
        self.method = method
        self.path = path
        self.body = body
        self.says = says or "%s %s" % (method, path)
        self.effect = effect
        self.makes = makes
        self.took_effect = took_effect

    def after(self, state):
        """The state after this step."""
        if self.effect is None:
            return state
        if callable(self.effect):
            return self.effect(state)
        return dict(state or {}, **self.effect)


def predict(state, steps):
    """The state after ``steps``, as check mode shows it; the state given is left alone."""
    for step in steps:
        state = step.after(state)
    return state


class Ran(object):
    """What running the steps did: HMP's answers, the id the making step got, each step's words."""

    def __init__(self, steps, answers, made):
        self.steps = steps
        self.answers = answers
        self.made = made
        self.says = [s.says.replace(NEW, made or "(new)") for s in steps]

    @property
    def changed(self):
        return bool(self.steps)


def run(client, steps, check_mode, sent=None):
    """Send ``steps`` in order through the check-mode choke point (nothing in check mode). ``sent``, a list,
    receives each step once HMP has taken it (so that a failure can say what was sent)."""
    writer = Writer(client, check_mode)
    made, answers = None, []
    for step in steps:
        took_effect = (lambda step=step: step.took_effect(client)) if step.took_effect else None
        answer = writer.send(step.method, step.path.replace(NEW, made or NEW), step.body, took_effect=took_effect)
        if step.makes and isinstance(answer, dict):
            made = answer.get("id")
        answers.append(answer)
        if sent is not None:
            sent.append(step)
    return Ran(list(steps), answers, made)
