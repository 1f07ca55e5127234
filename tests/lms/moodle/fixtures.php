<?php
// Test fixtures for the real-Moodle suite (tests/lms/moodle): creates courses, users, enrolments and
// LTI activities with Moodle's own API, so the tests set up a course the way Moodle itself would.
// Usage: php fixtures.php <moodle dir> '<json command>'; prints one JSON answer on stdout.
define('CLI_SCRIPT', true);
$moodledir = $argv[1];
require($moodledir . '/config.php');
require_once($CFG->dirroot . '/course/lib.php');
require_once($CFG->dirroot . '/user/lib.php');
require_once($CFG->dirroot . '/mod/lti/locallib.php');
require_once($CFG->libdir . '/gradelib.php');

$cmds = json_decode($argv[2], true, 10, JSON_THROW_ON_ERROR);
\core\session\manager::set_user(get_admin());
$answers = [];
foreach ($cmds as $cmd) {
$out = null;
switch ($cmd['do']) {
    case 'user':
        $existing = $DB->get_record('user', ['username' => $cmd['username']]);
        $out = $existing ? (int) $existing->id : (int) user_create_user((object) [
            'username' => $cmd['username'], 'password' => $cmd['password'], 'firstname' => $cmd['firstname'],
            'lastname' => $cmd['lastname'], 'email' => $cmd['username'] . '@example.com',
            'auth' => 'manual', 'confirmed' => 1, 'mnethostid' => $CFG->mnet_localhost_id,
        ]);
        break;
    case 'course':
        $course = create_course((object) ['fullname' => $cmd['fullname'], 'shortname' => $cmd['shortname'],
            'category' => 1, 'format' => 'topics', 'numsections' => 1]);
        $out = (int) $course->id;
        break;
    case 'enrol':
        $plugin = enrol_get_plugin('manual');
        $instance = $DB->get_record('enrol', ['courseid' => $cmd['course'], 'enrol' => 'manual'], '*', MUST_EXIST);
        $role = $DB->get_record('role', ['shortname' => $cmd['role']], '*', MUST_EXIST);
        $plugin->enrol_user($instance, $cmd['user'], $role->id);
        $out = true;
        break;
    case 'tooltype':
        // The tool a dynamic registration created, by its tool URL's host and port.
        $types = $DB->get_records('lti_types', null, 'id DESC');
        foreach ($types as $t) {
            if (strpos($t->baseurl, $cmd['baseurl']) === 0) {
                $out = ['id' => (int) $t->id, 'state' => (int) $t->state, 'clientid' => $t->clientid];
                break;
            }
        }
        break;
    case 'activity':
        // An External tool activity of the registered tool in section 1 (what the activity chooser adds).
        $moduleinfo = (object) [
            'modulename' => 'lti', 'course' => $cmd['course'], 'section' => 1, 'visible' => 1,
            'name' => $cmd['name'], 'typeid' => $cmd['typeid'], 'toolurl' => '', 'securetoolurl' => '',
            'instructorcustomparameters' => $cmd['custom'] ?? '', 'launchcontainer' => $cmd['container'] ?? LTI_LAUNCH_CONTAINER_EMBED,
            'instructorchoicesendname' => 1, 'instructorchoicesendemailaddr' => 1, 'instructorchoiceacceptgrades' => 1,
            'grade' => 0, 'introeditor' => ['text' => '', 'format' => FORMAT_HTML, 'itemid' => 0],
        ];
        $course = get_course($cmd['course']);
        $info = create_module($moduleinfo);
        $out = ['cmid' => (int) $info->coursemodule, 'instance' => (int) $info->instance];
        break;
    case 'grades':
        // Every grade Moodle stored in the course's gradebook columns (an AGS line item without a resource
        // link is a 'manual' item, one tied to an activity a 'mod' item), with the column's name.
        $rows = $DB->get_records_sql(
            "SELECT g.id, i.itemname, i.itemtype, u.username, g.finalgrade, g.rawgrade, g.feedback
               FROM {grade_items} i JOIN {grade_grades} g ON g.itemid = i.id JOIN {user} u ON u.id = g.userid
              WHERE i.courseid = ? AND i.itemtype IN ('mod', 'manual')
              ORDER BY i.itemname, u.username",
            [$cmd['course']]);
        $out = ['grades' => array_values($rows)];
        break;
    case 'cmid':
        $out = (int) get_coursemodule_from_instance('lti', $cmd['instance'], 0, false, MUST_EXIST)->id;
        break;
    case 'activities':
        $out = array_values($DB->get_records('lti', ['course' => $cmd['course']], 'id', 'id, name, typeid, toolurl, instructorcustomparameters'));
        break;
    default:
        throw new coding_exception('unknown fixture command ' . $cmd['do']);
}
$answers[] = $out;
}
echo json_encode($answers), "\n";
