"""The course layer: self-checking exercises with tiered hints, quizzes and progress.

Used by the notebooks::

    from awslab import course
    ex = course.exercises("01", lab)       # this notebook's exercises, for this lab
    ex.e1.task()                           # the task, with the learner's own facts
    ex.e1.check(max_cpu)                   # verdict; hint 1 on failure
    ex.e1.hint()                           # next hint: 1 -> 2 -> 3
    ex.e1.solution()                       # only with show_answers=True
    course.quiz("01", interactive=interactive, show_answers=show_answers)
    course.progress()                      # chart: exercises passed by notebook and area
    course.exam.draw(student_id)           # the practice exam (15_exam_review.ipynb)

Nothing heavy is imported here: ipywidgets and PyYAML load when a quiz is built.
"""
from awslab.course import exam, progress
from awslab.course.exercises import Exercise, ExerciseSet, Result
from awslab.course.quiz import StaticQuiz, quiz
from awslab.course.quizbank import QuizError, load_quiz
from awslab.course.registry import exercises, notebooks, register

__all__ = ["Exercise", "ExerciseSet", "QuizError", "Result", "StaticQuiz",
           "exam", "exercises", "load_quiz", "notebooks", "progress", "quiz", "register"]
