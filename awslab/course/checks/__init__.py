"""One module per notebook: ``nb00``, ``nb01``, ``nb02``... each with ``TITLE`` and
``EXERCISES`` (a list of :class:`awslab.course.exercises.Exercise`).

Checks talk to the learner's lab only through the AWS APIs (``ctx.client(...)``), so
they see exactly what the learner could see.
"""
